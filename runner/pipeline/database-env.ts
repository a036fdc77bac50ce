import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { databaseUrl } from "../manifests/database.ts";
import { PGBOUNCER_NAME, PGBOUNCER_PORT, pooled } from "../manifests/pooling.ts";

/**
 * What the apps get to reach the database: `DATABASE_URL`, through PgBouncer when pooling,
 * and then `DATABASE_DIRECT_URL` to the database itself (migrations, session features).
 */
export function databaseEnv(spec: DeploymentSpec, password: string): Record<string, string> {
  const database = spec.database;
  if (!database) return {};
  const direct = databaseUrl(spec, database, password);
  if (!pooled(database)) return { DATABASE_URL: direct };
  return {
    DATABASE_URL: databaseUrl(spec, database, password, {
      service: PGBOUNCER_NAME,
      port: PGBOUNCER_PORT,
    }),
    DATABASE_DIRECT_URL: direct,
  };
}

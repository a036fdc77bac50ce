import type { DatabaseEngine, PlatformConfig } from "../contracts/index.ts";
import { planQuota, tenantNamespaceName } from "../contracts/index.ts";

/** What the runner creates for a database (runner/manifests/database.ts and pooling.ts). */
export const DATABASE_USER = "app";
export const DATABASE_NAME = "app";
export const DATABASE_PORTS: Record<DatabaseEngine, number> = { postgres: 5432, mysql: 3306 };
export const PGBOUNCER_PORT = 6432;

type TenantDatabase = {
  id: string;
  plan: string;
  databaseEngine: DatabaseEngine | null;
  databasePooling: boolean | null;
};

/** Pooling is PostgreSQL's only: the tenant's own choice, else its plan's. */
export function poolingOf(config: PlatformConfig, tenant: TenantDatabase): boolean {
  if (tenant.databaseEngine !== "postgres") return false;
  return tenant.databasePooling ?? planQuota(config, tenant.plan).connectionPooling;
}

/** Where apps reach the database inside the cluster: PgBouncer's Service when pooling. */
export function databaseEndpoint(config: PlatformConfig, tenant: TenantDatabase) {
  const engine = tenant.databaseEngine ?? "postgres";
  const namespace = tenantNamespaceName(tenant.id);
  const pooled = poolingOf(config, tenant);
  return {
    host: `${pooled ? "pgbouncer" : "database"}.${namespace}.svc.cluster.local`,
    port: pooled ? PGBOUNCER_PORT : DATABASE_PORTS[engine],
    directHost: `database.${namespace}.svc.cluster.local`,
    directPort: DATABASE_PORTS[engine],
  };
}

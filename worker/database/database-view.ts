import { desc, eq } from "drizzle-orm";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { deployments, type tenants } from "../db/schema.ts";
import { notFound } from "../errors/api-error.ts";
import {
  DATABASE_NAME,
  DATABASE_USER,
  databaseEndpoint,
  poolingOf,
} from "./database-connection.ts";

type TenantRow = typeof tenants.$inferSelect;
const ACTIVE = new Set(["queued", "running"]);

/**
 * The database's state from the deployment that last touched it: being added or having its
 * password changed while that deployment runs, failed when the one adding it failed.
 */
async function databaseStatus(
  db: Database,
  tenant: TenantRow,
): Promise<"provisioning" | "rotating" | "ready" | "failed"> {
  const [latest] = await db
    .select({ status: deployments.status, trigger: deployments.trigger })
    .from(deployments)
    .where(eq(deployments.tenantId, tenant.id))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(1);
  const adding = latest?.trigger === "database_add" || tenant.readyAt === null;
  if (latest && ACTIVE.has(latest.status)) {
    if (latest.trigger === "database_rotate") return "rotating";
    if (adding) return "provisioning";
  }
  if (latest?.status === "failed" && adding) return "failed";
  return "ready";
}

/** The tenant's database without its password; 404 when the tenant has none. */
export async function databaseView(db: Database, config: PlatformConfig, tenant: TenantRow) {
  if (!tenant.databaseEngine || !tenant.databaseVersion) throw notFound("Database");
  const endpoint = databaseEndpoint(config, tenant);
  return {
    engine: tenant.databaseEngine,
    version: tenant.databaseVersion,
    status: await databaseStatus(db, tenant),
    host: endpoint.host,
    port: endpoint.port,
    database: DATABASE_NAME,
    pooling: poolingOf(config, tenant),
    passwordRotatedAt: tenant.databasePasswordRotatedAt,
    credentials: null as {
      username: string;
      password: string;
      url: string;
      directUrl: string;
    } | null,
  };
}

/** The connection URLs as the apps get them (`DATABASE_URL`, `DATABASE_DIRECT_URL`). */
export function connectionCredentials(config: PlatformConfig, tenant: TenantRow, password: string) {
  const endpoint = databaseEndpoint(config, tenant);
  const scheme = tenant.databaseEngine === "mysql" ? "mysql" : "postgres";
  const url = (host: string, port: number) =>
    `${scheme}://${DATABASE_USER}:${password}@${host}:${port}/${DATABASE_NAME}`;
  return {
    username: DATABASE_USER,
    password,
    url: url(endpoint.host, endpoint.port),
    directUrl: url(endpoint.directHost, endpoint.directPort),
  };
}

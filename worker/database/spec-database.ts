import type { PlatformConfig, SpecDatabase } from "../contracts/index.ts";
import type { TenantSecrets } from "../crypto/tenant-secrets.ts";
import type { DEPLOYMENT_KINDS, tenants } from "../db/schema.ts";

type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

import { poolingOf } from "./database-connection.ts";
import { databasePasswordSlot } from "./database-password.ts";

/**
 * The database as the deployment converges it, with its password in plaintext (the spec is
 * the one place it leaves the edge). A deprovision only removes, so it carries no password.
 */
export async function specDatabase(
  tenant: typeof tenants.$inferSelect,
  config: PlatformConfig,
  kind: DeploymentKind,
  secrets: () => Promise<TenantSecrets>,
): Promise<SpecDatabase | null> {
  if (!tenant.databaseEngine || !tenant.databaseVersion) return null;
  const database = {
    engine: tenant.databaseEngine,
    version: tenant.databaseVersion,
    pooling: poolingOf(config, tenant),
  };
  if (kind !== "provision" || !tenant.databasePasswordCiphertext) return database;
  const password = await (await secrets()).open<string>(
    databasePasswordSlot(tenant.id),
    tenant.databasePasswordCiphertext,
  );
  return { ...database, password };
}

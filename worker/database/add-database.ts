import { eq } from "drizzle-orm";
import type { AddDatabaseBody } from "../contracts/api/database.ts";
import { TenantSecrets } from "../crypto/tenant-secrets.ts";
import { principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { tenants } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { assertPlanFits, chosenDatabase, planDemand } from "../tenants/tenant-rules.ts";
import { sealedNewDatabasePassword } from "./database-password.ts";

/** A database for a tenant that has none, brought up by a deployment (trigger `database_add`). */
export async function addDatabase(scope: ProviderScope, tenantId: string, body: AddDatabaseBody) {
  const { env, db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  if (tenant.databaseEngine) {
    throw new ApiError(
      "invalid_state",
      `The tenant already has a ${tenant.databaseEngine} database`,
    );
  }
  const config = await loadPlatformConfig(db);
  const database = chosenDatabase(config, body);
  if (!database || !config.databases[database.engine][database.version]) {
    const offered = Object.keys(config.databases[body.engine]).join(", ");
    throw new ApiError("validation_failed", "The request is invalid", [
      { path: "version", message: `must be one of the ${body.engine} versions: ${offered}` },
    ]);
  }
  await assertRedeployable(db, tenant);
  assertPlanFits(config, tenant.plan, { ...(await planDemand(db, tenant)), database: true });
  const secrets = await TenantSecrets.load(db, env, tenant);
  return redeploy({
    ...scope,
    tenant,
    trigger: "database_add",
    changes: [
      db
        .update(tenants)
        .set({
          databaseEngine: database.engine,
          databaseVersion: database.version,
          databasePooling: body.pooling ?? null,
          databasePasswordCiphertext: await sealedNewDatabasePassword(secrets, tenant.id),
          updatedAt: nowIso(),
        })
        .where(eq(tenants.id, tenant.id)),
    ],
    audit: principalAudit(principal, requestId, "database.create", "tenant", tenant.id, {
      engine: database.engine,
      version: database.version,
      ...(body.pooling === undefined ? {} : { pooling: body.pooling }),
    }),
  });
}

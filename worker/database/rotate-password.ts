import { eq } from "drizzle-orm";
import { TenantSecrets } from "../crypto/tenant-secrets.ts";
import { principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { tenants } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { notFound } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { sealedNewDatabasePassword } from "./database-password.ts";

/**
 * A new password, kept sealed at the edge, and the deployment (trigger `database_rotate`) that
 * changes it in the running engine, then rolls every service onto the new `DATABASE_URL`.
 */
export async function rotateDatabasePassword(scope: ProviderScope, tenantId: string) {
  const { env, db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  if (!tenant.databaseEngine) throw notFound("Database");
  await assertRedeployable(db, tenant);
  const secrets = await TenantSecrets.load(db, env, tenant);
  const now = nowIso();
  return redeploy({
    ...scope,
    tenant,
    trigger: "database_rotate",
    changes: [
      db
        .update(tenants)
        .set({
          databasePasswordCiphertext: await sealedNewDatabasePassword(secrets, tenant.id),
          databasePasswordRotatedAt: now,
          updatedAt: now,
        })
        .where(eq(tenants.id, tenant.id)),
    ],
    audit: principalAudit(principal, requestId, "database.rotate_password", "tenant", tenant.id),
  });
}

import { hasScope } from "../auth/principal.ts";
import { TenantSecrets } from "../crypto/tenant-secrets.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { databasePasswordSlot } from "./database-password.ts";
import { connectionCredentials, databaseView } from "./database-view.ts";

/**
 * The tenant's database; its credentials only to an admin credential that asks, and each such
 * read is audited (who, which tenant: never the password). A database whose password only the
 * cluster holds (created before the edge kept it) has none to reveal until it is rotated.
 */
export async function readDatabase(scope: ProviderScope, tenantId: string, reveal: boolean) {
  const { env, db, principal, requestId } = scope;
  if (reveal && !hasScope(principal, "admin")) {
    throw new ApiError("forbidden", 'Revealing the credentials needs the "admin" scope');
  }
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const config = await loadPlatformConfig(db);
  const view = await databaseView(db, config, tenant);
  if (!reveal || !tenant.databasePasswordCiphertext) return view;
  const secrets = await TenantSecrets.load(db, env, tenant);
  const password = await secrets.open<string>(
    databasePasswordSlot(tenant.id),
    tenant.databasePasswordCiphertext,
  );
  await auditInsert(
    db,
    principalAudit(principal, requestId, "database.reveal", "tenant", tenant.id),
  );
  return { ...view, credentials: connectionCredentials(config, tenant, password) };
}

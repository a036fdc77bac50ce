import { hasScope } from "../auth/principal.ts";
import { TenantSecrets } from "../crypto/tenant-secrets.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { maskedEnv } from "../tenants/tenant-view.ts";
import { findEnvOwner, openEnv } from "./env-owner.ts";

/**
 * A set of variables, masked; revealed only to an admin credential, and each reveal is
 * audited (who, whose set, which names: never a value).
 */
export async function readEnv(
  scope: ProviderScope,
  tenantId: string,
  serviceName: string | undefined,
  reveal: boolean,
) {
  const { env, db, principal, requestId } = scope;
  if (reveal && !hasScope(principal, "admin")) {
    throw new ApiError("forbidden", 'Revealing values needs the "admin" scope');
  }
  const owner = await findEnvOwner(db, principal.organizationId, tenantId, serviceName);
  if (!reveal) return { env: maskedEnv(owner.keys) };
  const secrets = await TenantSecrets.load(db, env, owner.tenant);
  const values = await openEnv(secrets, owner.slot, owner.ciphertext);
  await auditInsert(
    db,
    principalAudit(
      principal,
      requestId,
      "env.reveal",
      owner.service ? "service" : "tenant",
      owner.service?.id ?? owner.tenant.id,
      {
        tenantId: owner.tenant.id,
        ...(owner.service ? { service: owner.service.name } : {}),
        names: Object.keys(values),
      },
    ),
  );
  return { env: values };
}

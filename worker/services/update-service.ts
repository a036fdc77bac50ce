import { eq } from "drizzle-orm";
import type { UpdateServiceBody } from "../contracts/api/services.ts";
import { TenantSecrets } from "../crypto/tenant-secrets.ts";
import { principalAudit } from "../db/audit.ts";
import { findOwnedTenant, findTenantService } from "../db/ownership.ts";
import { services } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { assertNoErrors, sourceErrors } from "../tenants/tenant-rules.ts";
import { changedEnv } from "./service-env.ts";
import { assertKindFields } from "./service-rules.ts";

/** The service's change and the deployment that brings it to the cluster, in one batch. */
export async function updateService(
  scope: ProviderScope,
  tenantId: string,
  name: string,
  body: UpdateServiceBody,
) {
  const { env, db, principal, requestId } = scope;
  const { envSet, envUnset, ...fields } = body;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const service = await findTenantService(db, tenant.id, name);
  if (fields.source) assertNoErrors(sourceErrors(fields.source, env.ENCLAVE_MODE, "source"));
  assertKindFields({ ...service, ...fields });
  await assertRedeployable(db, tenant);
  const envColumns =
    envSet || envUnset
      ? await changedEnv(
          await TenantSecrets.load(db, env, tenant),
          service,
          envSet ?? {},
          envUnset ?? [],
        )
      : {};
  return redeploy({
    ...scope,
    tenant,
    trigger: "service_change",
    changes: [
      db
        .update(services)
        .set({ ...fields, ...envColumns, updatedAt: nowIso() })
        .where(eq(services.id, service.id)),
    ],
    audit: principalAudit(principal, requestId, "service.update", "service", service.id, {
      tenantId: tenant.id,
      service: service.name,
      fields: Object.keys(fields),
      envSet: Object.keys(envSet ?? {}),
      envUnset: envUnset ?? [],
    }),
  });
}

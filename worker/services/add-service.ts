import { eq } from "drizzle-orm";
import type { CreateServiceBody } from "../contracts/api/services.ts";
import { serviceEnvSlot, TenantSecrets } from "../crypto/tenant-secrets.ts";
import { principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { services } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { ApiError } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { assertNoErrors, sourceErrors } from "../tenants/tenant-rules.ts";
import { assertKindFields, assertServicesFit } from "./service-rules.ts";

/**
 * A new service and the deployment that builds it and rolls every other service with its
 * `ENCLAVE_SERVICE_<NAME>_URL`, in one batch. Public only when it says so: the tenant already
 * has its first service.
 */
export async function addService(scope: ProviderScope, tenantId: string, body: CreateServiceBody) {
  const { env, db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  assertKindFields({
    ...body,
    port: body.port ?? null,
    schedule: body.schedule ?? null,
    concurrencyPolicy: body.concurrencyPolicy ?? null,
    public: body.public ?? false,
  });
  assertNoErrors(sourceErrors(body.source, env.ENCLAVE_MODE, "source"));
  await assertRedeployable(db, tenant);
  const rows = await db.select().from(services).where(eq(services.tenantId, tenant.id));
  if (rows.some((row) => row.name === body.name)) {
    throw new ApiError("invalid_state", `The tenant already has a service named "${body.name}"`);
  }
  assertServicesFit(await loadPlatformConfig(db), tenant, [...rows, { ...body, replicas: null }]);
  const now = nowIso();
  const id = newId("service");
  const envKeys = Object.keys(body.env);
  const envCiphertext =
    envKeys.length > 0
      ? await (await TenantSecrets.load(db, env, tenant)).seal(serviceEnvSlot(id), body.env)
      : null;
  return redeploy({
    ...scope,
    tenant,
    trigger: "service_add",
    changes: [
      db.insert(services).values({
        id,
        tenantId: tenant.id,
        name: body.name,
        source: body.source,
        kind: body.kind,
        port: body.port ?? null,
        healthPath: body.healthPath,
        public: body.public ?? false,
        schedule: body.schedule ?? null,
        command: body.command ?? null,
        concurrencyPolicy: body.concurrencyPolicy ?? null,
        envCiphertext,
        envKeys,
        createdAt: now,
        updatedAt: now,
      }),
    ],
    audit: principalAudit(principal, requestId, "service.create", "service", id, {
      tenantId: tenant.id,
      service: body.name,
      kind: body.kind,
      public: body.public ?? false,
      env: envKeys,
    }),
  });
}

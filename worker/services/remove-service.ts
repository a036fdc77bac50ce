import { eq } from "drizzle-orm";
import { principalAudit } from "../db/audit.ts";
import { findOwnedTenant, findTenantService } from "../db/ownership.ts";
import { services } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";

/**
 * Removes a service and queues the deployment that takes its objects (workload, Service, env
 * Secret, host) out of the cluster and rolls the others without its URL. A tenant keeps at
 * least one service: removing the last is deleting the tenant.
 */
export async function removeService(scope: ProviderScope, tenantId: string, name: string) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const service = await findTenantService(db, tenant.id, name);
  await assertRedeployable(db, tenant);
  const rows = await db
    .select({ id: services.id })
    .from(services)
    .where(eq(services.tenantId, tenant.id));
  if (rows.length <= 1) {
    throw new ApiError(
      "invalid_state",
      `${name} is the tenant's only service; delete the tenant instead`,
    );
  }
  return redeploy({
    ...scope,
    tenant,
    trigger: "service_remove",
    changes: [db.delete(services).where(eq(services.id, service.id))],
    audit: principalAudit(principal, requestId, "service.delete", "service", service.id, {
      tenantId: tenant.id,
      service: service.name,
    }),
  });
}

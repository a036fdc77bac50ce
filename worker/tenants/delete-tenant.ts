import { eq } from "drizzle-orm";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { tenants } from "../db/schema.ts";
import { queueDeployment } from "../deployments/queue-deployment.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";

/** The tenant becomes `deleting` in the same batch as its deprovision deployment. */
export async function deleteTenant(scope: ProviderScope, id: string) {
  const { db, principal, requestId } = scope;
  const row = await findOwnedTenant(db, principal.organizationId, id);
  if (row.status === "deleting" || row.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is already ${row.status}`);
  }
  return queueDeployment({
    ...scope,
    tenantId: row.id,
    kind: "deprovision",
    trigger: "delete",
    changes: (_deploymentId, now) => [
      db
        .update(tenants)
        .set({ status: "deleting", statusReason: null, updatedAt: now })
        .where(eq(tenants.id, row.id)),
      auditInsert(db, principalAudit(principal, requestId, "tenant.delete", "tenant", row.id)),
    ],
  });
}

import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import type { DeploymentTrigger, TenantStatus } from "../db/schema.ts";
import { queueDeployment } from "../deployments/queue-deployment.ts";
import { assertNoActiveDeployment } from "../deployments/redeploy.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";

export type Suspension = Extract<DeploymentTrigger, "suspend" | "resume">;

/** The status each suspension deployment starts from, and the words for refusing it. */
const FROM: Record<Suspension, { status: TenantStatus; refusal: string }> = {
  suspend: { status: "active", refusal: "only an active tenant can be suspended" },
  resume: { status: "suspended", refusal: "only a suspended tenant can be resumed" },
};

/**
 * POST /v1/tenants/:id/suspend and …/resume: a deployment (trigger `suspend` or `resume`)
 * that the runner carries out with live progress; the tenant's status changes once it is
 * ready (see `readyStatus`), and a failed one leaves the status as it was.
 */
export async function queueSuspension(
  scope: ProviderScope,
  tenantId: string,
  suspension: Suspension,
) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const from = FROM[suspension];
  if (tenant.status !== from.status) {
    throw new ApiError("invalid_state", `The tenant is ${tenant.status}; ${from.refusal}`);
  }
  await assertNoActiveDeployment(db, tenant);
  const audit = principalAudit(principal, requestId, `tenant.${suspension}`, "tenant", tenant.id);
  return queueDeployment({
    ...scope,
    tenantId: tenant.id,
    kind: "provision",
    trigger: suspension,
    changes: (deploymentId) => [auditInsert(db, { ...audit, metadata: { deploymentId } })],
  });
}

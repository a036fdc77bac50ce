import { eq } from "drizzle-orm";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedDeployment } from "../db/ownership.ts";
import { deployments } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { deploymentRef, progressStub } from "../progress/deployment-ref.ts";
import { deploymentView } from "./deployment-view.ts";

const finished = (id: string, status: string) =>
  new ApiError(
    "invalid_state",
    `Deployment ${id} is ${status}; only a queued or running one can be cancelled`,
  );

/**
 * POST /v1/deployments/:id/cancel. The deployment's progress object decides: a deployment no
 * runner has taken yet ends as `cancelled` at once; a running one is stopped by its runner at
 * the next step, which cleans up as after a failure (a ready tenant keeps serving its previous
 * version) and reports `deployment.cancelled`. A deletion is not cancelled: half a deletion
 * leaves nothing worth keeping.
 */
export async function cancelDeployment(scope: ProviderScope, deploymentId: string) {
  const { db, env, principal, requestId } = scope;
  const row = await findOwnedDeployment(db, principal.organizationId, deploymentId);
  if (row.kind === "deprovision") {
    throw new ApiError(
      "invalid_state",
      `Deployment ${row.id} deletes its tenant; a deletion cannot be cancelled`,
    );
  }
  if (row.status !== "queued" && row.status !== "running") throw finished(row.id, row.status);
  const outcome = await progressStub(env, row.id).cancel(deploymentRef(row));
  if (outcome === "finished") {
    const [now] = await db.select().from(deployments).where(eq(deployments.id, row.id)).limit(1);
    throw finished(row.id, now?.status ?? "over");
  }
  await auditInsert(
    db,
    principalAudit(principal, requestId, "deployment.cancel", "deployment", row.id, {
      tenantId: row.tenantId,
      outcome,
    }),
  );
  const [current] = await db.select().from(deployments).where(eq(deployments.id, row.id)).limit(1);
  return deploymentView(current ?? row);
}

import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Principal } from "../auth/principal.ts";
import { type AuditEntry, auditInsert, principalAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { type DeploymentTrigger, deployments, type EnvRollout, tenants } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { assertNotSuspended } from "../tenants/suspended-guard.ts";
import { queueDeployment } from "./queue-deployment.ts";

type TenantRow = typeof tenants.$inferSelect;

/**
 * A redeploy is refused while another deployment of the tenant is queued or running: the
 * runner reads the tenant's records when its job starts, so a change made meanwhile would
 * reach the cluster through the wrong deployment, or not at all.
 */
export async function assertRedeployable(db: Database, tenant: TenantRow): Promise<void> {
  if (tenant.status === "deleting" || tenant.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is ${tenant.status}; it cannot be redeployed`);
  }
  assertNotSuspended(tenant);
  await assertNoActiveDeployment(db, tenant);
}

/** One deployment of a tenant at a time: the runner converges the records as its job starts. */
export async function assertNoActiveDeployment(db: Database, tenant: TenantRow): Promise<void> {
  const [active] = await db
    .select({ id: deployments.id, status: deployments.status })
    .from(deployments)
    .where(
      and(eq(deployments.tenantId, tenant.id), inArray(deployments.status, ["queued", "running"])),
    )
    .limit(1);
  if (active) {
    throw new ApiError(
      "invalid_state",
      `Deployment ${active.id} of the tenant is still ${active.status}; wait until it ends, then try again`,
    );
  }
}

export interface Redeploy {
  env: Env;
  db: Database;
  principal: Principal;
  tenant: TenantRow;
  /** Why the tenant is redeployed, recorded on the deployment. */
  trigger: DeploymentTrigger;
  /** What the request changes, written in the same batch as the deployment. */
  changes: BatchItem<"sqlite">[];
  /** An env change's narrower rollout; absent: the full pipeline. */
  rollout?: EnvRollout | null;
  /** The audit entry of the request; the deployment id is added to its metadata. */
  audit: AuditEntry;
}

/**
 * A provision deployment for the tenant's current records. The runner converges every object
 * and, since the tenant was ready before, a failure leaves the previous version serving. A
 * tenant that never became ready goes back to `provisioning`, so that this deployment's
 * outcome decides its status again (ready → active, failed → failed with the new reason).
 */
export function redeploy({
  env,
  db,
  principal,
  tenant,
  trigger,
  changes,
  rollout,
  audit,
}: Redeploy) {
  return queueDeployment({
    env,
    db,
    principal,
    tenantId: tenant.id,
    kind: "provision",
    trigger,
    rollout: rollout ?? null,
    changes: (deploymentId, now) => [
      ...changes,
      ...(tenant.readyAt === null
        ? [
            db
              .update(tenants)
              .set({ status: "provisioning", statusReason: null, updatedAt: now })
              .where(eq(tenants.id, tenant.id)),
          ]
        : []),
      auditInsert(db, { ...audit, metadata: { ...audit.metadata, deploymentId } }),
    ],
  });
}

/** POST /v1/tenants/:id/deployments: the tenant as it is now, deployed again. */
export async function redeployTenant(scope: ProviderScope, tenantId: string) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  await assertRedeployable(db, tenant);
  return redeploy({
    ...scope,
    tenant,
    trigger: "redeploy",
    changes: [],
    audit: principalAudit(principal, requestId, "tenant.redeploy", "tenant", tenant.id),
  });
}

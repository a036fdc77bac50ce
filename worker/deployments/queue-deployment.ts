import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import {
  type DEPLOYMENT_KINDS,
  type DeployedService,
  type DeploymentTrigger,
  deployments,
  type EnvRollout,
  tenants,
} from "../db/schema.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";
import { assertOrganizationCaps } from "../rate-limits/organization-caps.ts";
import { tenantWithServices } from "../tenants/find-tenant.ts";
import { deploymentLinks, deploymentView } from "./deployment-view.ts";
import { enqueueJob } from "./enqueue.ts";
import { recordDeployedServices } from "./record-deployed-services.ts";

/** Raised by the `deployments_one_active_provision` index when two requests race. */
const isActiveProvisionConflict = (error: unknown): boolean =>
  /UNIQUE constraint failed: deployments\.tenant_id/.test(
    String((error as { cause?: unknown }).cause ?? error),
  );

export interface DeploymentRequest {
  env: Env;
  db: Database;
  principal: Principal;
  tenantId: string;
  kind: (typeof DEPLOYMENT_KINDS)[number];
  trigger: DeploymentTrigger;
  /** What an env change rolls on the serving images; absent: the full pipeline. */
  rollout?: EnvRollout | null;
  /** The changes that go with the deployment (and their audit row), given its id. */
  changes: (deploymentId: string, now: string) => BatchItem<"sqlite">[];
  /**
   * A rollback deploys an earlier deployment's recorded services instead of the tenant's
   * current records.
   */
  rollback?: { deploymentId: string; services: DeployedService[] };
}

/**
 * A queued deployment and its changes in one D1 batch, then its job on the Queue: the 202
 * answer of every route that makes the runner converge a tenant.
 */
export async function queueDeployment({
  env,
  db,
  principal,
  tenantId,
  kind,
  trigger,
  rollout = null,
  changes,
  rollback,
}: DeploymentRequest) {
  if (kind === "provision") {
    await assertOrganizationCaps(db, await loadPlatformConfig(db), principal, { tenant: false });
  }
  const now = nowIso();
  const deploymentId = newId("deployment");
  let deployment: typeof deployments.$inferSelect | undefined;
  try {
    [[deployment]] = await db.batch([
      db
        .insert(deployments)
        .values({
          id: deploymentId,
          tenantId,
          organizationId: principal.organizationId,
          kind,
          trigger,
          rollout,
          status: "queued",
          ...(rollback ? { rollbackOf: rollback.deploymentId, services: rollback.services } : {}),
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
      ...changes(deploymentId, now),
      db.update(tenants).set({ lastDeploymentId: deploymentId }).where(eq(tenants.id, tenantId)),
      ...(rollback ? [] : [recordDeployedServices(db, deploymentId, tenantId)]),
    ]);
  } catch (error) {
    if (isActiveProvisionConflict(error)) {
      throw new ApiError("invalid_state", "Another deployment of the tenant has just started");
    }
    throw error;
  }
  if (!deployment) throw new Error("deployment insert returned no row");
  await enqueueJob(env, {
    type: kind,
    deploymentId,
    tenantId,
    attempt: 1,
    organizationId: principal.organizationId,
  });
  return {
    tenant: await tenantWithServices(db, principal.organizationId, tenantId),
    deployment: deploymentView(deployment),
    links: deploymentLinks(deploymentId),
  };
}

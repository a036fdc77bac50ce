import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { failUnfinishedBackup, isDatabaseOperation } from "../backups/backup-outcome.ts";
import type { Database } from "../db/client.ts";
import { deployments, tenants } from "../db/schema.ts";
import { adoptRolledBackServices } from "../deployments/rolled-back-services.ts";
import { certificateStatusUpdates, releaseTenantNetwork } from "../domains/certificate-states.ts";
import { readyStatus } from "../tenants/ready-status.ts";
import {
  deploymentData,
  type FanOutMessage,
  lifecycleEvent,
  tenantData,
} from "../webhooks/webhook-events.ts";
import type { DeploymentRef } from "./deployment-ref.ts";

/**
 * Status transitions the progress object writes to D1. Every update is conditional on the
 * deployment still being active on the expected attempt, so replays (alarm retries, duplicate
 * deliveries) and late stale events cannot move a status backwards.
 */
const ACTIVE = ["queued", "running"] as const;

const activeOnAttempt = (ref: DeploymentRef, attempt: number) =>
  and(
    eq(deployments.id, ref.id),
    eq(deployments.attempt, attempt),
    inArray(deployments.status, [...ACTIVE]),
  );

/**
 * queued → running on the first event of an attempt: the runner has really started it.
 * Returns the `deployment.started` event when this call made the change.
 */
export async function markRunning(
  db: Database,
  ref: DeploymentRef,
  attempt: number,
  at: string,
): Promise<FanOutMessage[]> {
  const [started] = await db
    .update(deployments)
    .set({
      status: "running",
      startedAt: sql`COALESCE(${deployments.startedAt}, ${at})`,
      updatedAt: new Date().toISOString(),
    })
    .where(and(activeOnAttempt(ref, attempt), eq(deployments.status, "queued")))
    .returning();
  if (!started) return [];
  return [
    await lifecycleEvent(ref.organizationId, "deployment.started", `${ref.id}.${attempt}`, {
      deployment: deploymentData(started),
    }),
  ];
}

/**
 * Watchdog re-dispatch: the next attempt goes back to `queued` until its runner reports.
 * Returns false when the deployment is no longer active (e.g. the dead-letter consumer
 * failed it meanwhile), in which case nothing must be dispatched.
 */
export async function raiseAttempt(
  db: Database,
  ref: DeploymentRef,
  from: number,
  to: number,
): Promise<boolean> {
  const rows = await db
    .update(deployments)
    .set({ attempt: to, status: "queued", updatedAt: new Date().toISOString() })
    .where(
      and(
        eq(deployments.id, ref.id),
        inArray(deployments.attempt, [from, to]),
        inArray(deployments.status, [...ACTIVE]),
      ),
    )
    .returning({ id: deployments.id });
  return rows.length > 0;
}

export type TerminalOutcome =
  | { type: "deployment.ready"; at: string; result: Record<string, unknown> | null }
  | {
      type: "deployment.failed";
      at: string;
      reason: string;
      failedStage: string | null;
      result?: Record<string, unknown> | null;
    }
  | { type: "deployment.cancelled"; at: string; reason: string }
  | { type: "deployment.deleted"; at: string; result?: Record<string, unknown> | null };

/**
 * The final status of the deployment and its tenant, in one D1 batch:
 * - ready: tenant `active` (ready_at set on first success), `suspended` after a suspend; a
 *   rollback's services become the tenant's records;
 * - failed: a tenant that was never ready becomes `failed` with the reason; a ready tenant
 *   stays `active` because its previous version keeps serving; a failed deletion leaves the
 *   tenant `failed` with the reason so it can be deleted again;
 * - cancelled: like a failure, the reason being the cancellation;
 * - deleted (deprovision finished): tenant `deleted` with deleted_at;
 * - a backup or restore changes no tenant field; a backup that failed before its upload
 *   ended is marked failed.
 * Returns the webhook events of the transitions this call made, for the caller to emit.
 */
export async function writeTerminalStatus(
  db: Database,
  ref: DeploymentRef,
  attempt: number,
  outcome: TerminalOutcome,
): Promise<FanOutMessage[]> {
  const now = new Date().toISOString();
  const finished = {
    finishedAt: outcome.at,
    startedAt: sql`COALESCE(${deployments.startedAt}, ${outcome.at})`,
    updatedAt: now,
  };
  const deployment = (values: Partial<typeof deployments.$inferInsert>) =>
    db
      .update(deployments)
      .set({ ...values, ...finished })
      .where(activeOnAttempt(ref, attempt))
      .returning();
  const tenant = db.update(tenants);
  const tenantId = eq(tenants.id, ref.tenantId);
  const event = (type: Parameters<typeof lifecycleEvent>[1], data: Record<string, unknown>) =>
    lifecycleEvent(ref.organizationId, type, ref.id, data);

  if (outcome.type === "deployment.ready" && isDatabaseOperation(ref.kind)) {
    // A backup or restore leaves what the tenant serves as it was.
    const [done] = await deployment({ status: "ready", result: outcome.result });
    return done ? [await event("deployment.succeeded", { deployment: deploymentData(done) })] : [];
  }
  if (outcome.type === "deployment.ready") {
    const [before] = await db.select({ status: tenants.status }).from(tenants).where(tenantId);
    const after = await readyStatus(db, ref.id);
    const [[done], [ready]] = await db.batch([
      deployment({ status: "ready", result: outcome.result }),
      tenant
        .set({
          status: after.status,
          statusReason: null,
          readyAt: sql`COALESCE(${tenants.readyAt}, ${outcome.at})`,
          ...(after.serving ? { servingDeploymentId: ref.id } : {}),
          updatedAt: now,
        })
        .where(
          and(tenantId, inArray(tenants.status, ["provisioning", "active", "failed", "suspended"])),
        )
        .returning(),
      adoptRolledBackServices(db, ref.id, ref.tenantId, now),
      ...certificateStatusUpdates(db, ref.tenantId, outcome.result, now),
    ]);
    if (!done) return [];
    const events = [await event("deployment.succeeded", { deployment: deploymentData(done) })];
    if (ready && after.suspended) {
      events.push(await event("tenant.suspended", { tenant: tenantData(ready) }));
    } else if (ready && before?.status !== "active") {
      events.push(await event("tenant.ready", { tenant: tenantData(ready) }));
    }
    return events;
  }
  if (outcome.type === "deployment.deleted") {
    const [[done], [deleted]] = await db.batch([
      deployment({ status: "deleted" }),
      tenant
        .set({ status: "deleted", statusReason: null, deletedAt: outcome.at, updatedAt: now })
        .where(and(tenantId, isNull(tenants.deletedAt)))
        .returning(),
      ...releaseTenantNetwork(db, ref.tenantId),
    ]);
    return done && deleted ? [await event("tenant.deleted", { tenant: tenantData(deleted) })] : [];
  }
  const failedTenant =
    ref.kind === "deprovision"
      ? and(tenantId, eq(tenants.status, "deleting"))
      : and(tenantId, isNull(tenants.readyAt), eq(tenants.status, "provisioning"));
  const reason = ref.kind === "deprovision" ? `Deletion failed: ${outcome.reason}` : outcome.reason;
  const [[done], [failed]] = await db.batch([
    outcome.type === "deployment.cancelled"
      ? deployment({ status: "cancelled", statusReason: outcome.reason })
      : deployment({
          status: "failed",
          statusReason: outcome.reason,
          failedStage: outcome.failedStage,
          ...(outcome.result ? { result: outcome.result } : {}),
        }),
    tenant
      .set({ status: "failed", statusReason: reason, updatedAt: now })
      .where(failedTenant)
      .returning(),
    failUnfinishedBackup(db, ref.id, now),
  ]);
  if (!done) return [];
  // A cancellation reaches webhooks as a failure whose deployment says `cancelled`.
  const events = [await event("deployment.failed", { deployment: deploymentData(done) })];
  if (failed) events.push(await event("tenant.failed", { tenant: tenantData(failed) }));
  return events;
}

import { eq } from "drizzle-orm";
import type { JobMessage } from "../../contracts/index.ts";
import type { Database } from "../../db/client.ts";
import { deployments, tenants } from "../../db/schema.ts";
import type { Env } from "../../env.ts";
import { ApiError } from "../../errors/api-error.ts";
import { nowIso } from "../../lib/time.ts";

const NOT_QUEUED_REASON = "The job could not be queued; delete the tenant or try again later";

/**
 * Sends the job after its records are committed. If the Queue refuses it, the deployment and
 * tenant are marked failed so nothing waits forever on a job that does not exist.
 */
export async function enqueueJob(env: Env, db: Database, job: JobMessage): Promise<void> {
  try {
    await env.JOBS.send(job);
  } catch (error) {
    console.error(
      JSON.stringify({
        msg: "queue send failed",
        deploymentId: job.deploymentId,
        error: String(error),
      }),
    );
    const now = nowIso();
    await db.batch([
      db
        .update(deployments)
        .set({ status: "failed", statusReason: NOT_QUEUED_REASON, finishedAt: now, updatedAt: now })
        .where(eq(deployments.id, job.deploymentId)),
      db
        .update(tenants)
        .set({ status: "failed", statusReason: NOT_QUEUED_REASON, updatedAt: now })
        .where(eq(tenants.id, job.tenantId)),
    ]);
    throw new ApiError("queue_unavailable");
  }
}

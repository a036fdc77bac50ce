import { eq } from "drizzle-orm";
import { JobMessage } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { deployments } from "../db/schema.ts";
import { type DeploymentRef, deploymentRef } from "../progress/deployment-ref.ts";

/**
 * The deployment a queued job is for, when the job still matters: a message for an older
 * attempt (the watchdog moved on) or a finished deployment is obsolete and only acknowledged.
 * The returned ref carries the job's attempt.
 */
export async function liveJobTarget(
  db: Database,
  body: unknown,
): Promise<{ job: JobMessage; ref: DeploymentRef } | null> {
  const parsed = JobMessage.safeParse(body);
  if (!parsed.success) {
    console.error(JSON.stringify({ msg: "malformed job message dropped" }));
    return null;
  }
  const job = parsed.data;
  const [row] = await db
    .select()
    .from(deployments)
    .where(eq(deployments.id, job.deploymentId))
    .limit(1);
  // A clean-up job is for a deployment the dead-letter queue failed; the others for active ones.
  const statuses = job.type === "cleanup" ? ["failed"] : ["queued", "running"];
  const live = row && row.attempt <= job.attempt && statuses.includes(row.status);
  if (!live) return null;
  return { job, ref: { ...deploymentRef(row), attempt: job.attempt } };
}

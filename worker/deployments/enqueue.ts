import type { JobMessage } from "../contracts/index.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";
import { type DeploymentRef, progressStub } from "../progress/deployment-ref.ts";

const NOT_QUEUED_REASON = "The job could not be queued; delete the tenant or try again later";

/**
 * Sends the job after its records are committed. If the Queue refuses it, the deployment is
 * failed through its progress object, exactly as a dead letter would be: D1 gets the reason
 * (and a never-ready tenant becomes failed) and any open event stream ends instead of waiting
 * forever on a job that does not exist.
 */
export async function enqueueJob(
  env: Env,
  job: JobMessage & { type: DeploymentRef["kind"]; organizationId: string },
): Promise<void> {
  const { organizationId, ...message } = job;
  try {
    await env.JOBS.send(message);
  } catch (error) {
    console.error(
      JSON.stringify({
        msg: "queue send failed",
        deploymentId: job.deploymentId,
        error: String(error),
      }),
    );
    await progressStub(env, job.deploymentId).fail(
      {
        id: job.deploymentId,
        tenantId: job.tenantId,
        organizationId,
        kind: job.type,
        attempt: job.attempt,
      },
      NOT_QUEUED_REASON,
    );
    throw new ApiError("queue_unavailable");
  }
}

import type { JobMessage } from "../../worker/contracts/index.ts";
import { describeError, type Logger } from "../log/logger.ts";

const REASON = "the runner is shutting down";

/**
 * Jobs a shutting-down runner did not finish (queued, or aborted after the grace period) go
 * back to the edge, which dispatches each on a new attempt at once, so another runner takes
 * it now instead of after the watchdog's silence. A job the edge does not take back (it ended
 * meanwhile, or the call failed) is left to the watchdog.
 */
export async function handBack(
  jobs: JobMessage[],
  options: {
    release(job: JobMessage, reason: string): Promise<boolean>;
    logger: Logger;
  },
): Promise<void> {
  if (jobs.length === 0) return;
  const outcomes = await Promise.all(
    jobs.map(async (job) => {
      try {
        return (await options.release(job, REASON)) ? "redispatched" : "kept by the edge";
      } catch (error) {
        options.logger.warn(
          { deploymentId: job.deploymentId, attempt: job.attempt, ...describeError(error) },
          "hand-back failed; the watchdog will re-dispatch the job",
        );
        return "failed";
      }
    }),
  );
  options.logger.warn(
    {
      jobs: jobs.map((job, i) => ({
        deploymentId: job.deploymentId,
        attempt: job.attempt,
        outcome: outcomes[i],
      })),
    },
    "jobs handed back",
  );
}

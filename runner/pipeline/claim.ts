import type { DeploymentSpec, JobMessage } from "../../worker/contracts/index.ts";
import { ClaimRefused, edgeRetryAfterMs, isRetryableEdgeError } from "../edge/client.ts";
import { describeError, type Logger } from "../log/logger.ts";
import type { RunnerMetrics } from "../metrics/registry.ts";
import { type Backoff, withRetry } from "../retry/retry.ts";

export interface ClaimDeps {
  logger: Logger;
  metrics: RunnerMetrics;
  /**
   * Claims the attempt for this runner; throws ClaimRefused when it must not run it. A
   * clean-up job's spec claims nothing (its deployment has ended).
   */
  fetchSpec(
    deploymentId: string,
    attempt: number,
    purpose?: "run" | "cleanup",
  ): Promise<DeploymentSpec>;
  /** Retries of the spec fetch and of event delivery. */
  edgeBackoff: Backoff;
  specAttempts: number;
}

const fetchSpecWithRetry = (deps: ClaimDeps, job: JobMessage, signal: AbortSignal) =>
  withRetry(
    () => deps.fetchSpec(job.deploymentId, job.attempt, job.type === "cleanup" ? "cleanup" : "run"),
    {
      policy: { ...deps.edgeBackoff, attempts: deps.specAttempts },
      retryable: isRetryableEdgeError,
      retryAfterMs: edgeRetryAfterMs,
      signal,
    },
  );

/**
 * Claims the job's attempt by fetching its spec. Without the claim the runner may neither run
 * the job nor report on it (the edge refuses its events), so every way of not getting one ends
 * here as a log line and a metric, and the edge's watchdog decides what happens next.
 */
export async function claimAttempt(
  deps: ClaimDeps,
  job: JobMessage,
  signal: AbortSignal,
): Promise<DeploymentSpec | null> {
  const fields = { deploymentId: job.deploymentId, attempt: job.attempt, type: job.type };
  try {
    return await fetchSpecWithRetry(deps, job, signal);
  } catch (error) {
    let outcome: string;
    if (error instanceof ClaimRefused) {
      // Another replica runs it, or the attempt is stale or over: running it would race that.
      outcome = "duplicate";
      deps.logger.warn(
        {
          ...fields,
          reason: error.message,
        },
        "job not run: the edge refused the claim",
      );
    } else if (signal.aborted) {
      outcome = "handed-back";
      deps.logger.warn(fields, "job handed back");
    } else {
      outcome = "failed";
      deps.logger.error(
        {
          ...fields,
          ...describeError(error),
        },
        "could not fetch the deployment spec",
      );
    }
    deps.metrics.jobs.inc({ type: job.type, outcome });
    deps.logger.info({ ...fields, outcome }, "job finished");
    return null;
  }
}

import type { DeploymentSpec, JobMessage } from "../../worker/contracts/index.ts";
import { ClaimRefused, EdgeError } from "../edge/client.ts";
import { describeError, type Logger } from "../log/logger.ts";
import type { RunnerMetrics } from "../metrics/registry.ts";
import { type Backoff, backoffDelay, sleep } from "../retry/backoff.ts";

export interface ClaimDeps {
  logger: Logger;
  metrics: RunnerMetrics;
  /** Claims the attempt for this runner; throws ClaimRefused when it must not run it. */
  fetchSpec(deploymentId: string, attempt: number): Promise<DeploymentSpec>;
  /** Retries of the spec fetch and of event delivery. */
  edgeBackoff: Backoff;
  specAttempts: number;
}

async function fetchSpecWithRetry(deps: ClaimDeps, job: JobMessage, signal: AbortSignal) {
  for (let failure = 1; ; failure++) {
    try {
      return await deps.fetchSpec(job.deploymentId, job.attempt);
    } catch (error) {
      const retryable = !(error instanceof EdgeError) || error.retryable;
      if (!retryable || failure >= deps.specAttempts || signal.aborted) throw error;
      await sleep(backoffDelay(deps.edgeBackoff, failure), signal);
    }
  }
}

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

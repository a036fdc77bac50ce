import type { DeploymentRef } from "./deployment-ref.ts";
import { progressState } from "./schema.ts";
import type { ProgressDb } from "./storage.ts";

/**
 * The object's own view of its deployment, persisted next to the log so it survives eviction.
 * The object is the authority on the current attempt once it has seen the deployment: only its
 * watchdog raises the attempt after the first dispatch.
 */
export interface ProgressState {
  ref: DeploymentRef;
  /** Highest attempt known; events of lower attempts are stale. */
  attempt: number;
  /** Attempt already reported as `running` to D1, so that write happens once per attempt. */
  runningAttempt: number;
  /** Last sign of life of the current attempt (dispatch, claim or event), epoch milliseconds. */
  lastActivityMs: number;
  /** Id of the event that ended the deployment; streams close after it. */
  terminalEventId: number | null;
  /** Whether the terminal status reached D1; the alarm retries until it has. */
  terminalWrittenBack: boolean;
  /**
   * Cancellation was asked for while a runner held the attempt: the answer to its next event
   * batch tells it to stop. Absent in state stored before cancellation existed.
   */
  cancelRequested?: boolean;
  /**
   * The attempt a runner last reported as queued behind its concurrency limit, and where it
   * stood: a queued attempt has a runner, so the dead-letter queue must not fail it.
   */
  queued?: { attempt: number; position: number | null };
}

export const readProgressState = (db: ProgressDb): ProgressState | null =>
  db.select({ body: progressState.body }).from(progressState).get()?.body ?? null;

export const writeProgressState = (db: ProgressDb, state: ProgressState): void => {
  db.insert(progressState)
    .values({ singleton: 1, body: state })
    .onConflictDoUpdate({ target: progressState.singleton, set: { body: state } })
    .run();
};

export const initialProgressState = (ref: DeploymentRef, nowMs: number): ProgressState => ({
  ref,
  attempt: ref.attempt,
  runningAttempt: 0,
  lastActivityMs: nowMs,
  terminalEventId: null,
  terminalWrittenBack: false,
});

import type { DeploymentRef } from "./deployment-ref.ts";

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
}

export const migrateProgressState = (sql: SqlStorage): void => {
  sql.exec(`CREATE TABLE IF NOT EXISTS progress_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    body TEXT NOT NULL
  )`);
};

export const readProgressState = (sql: SqlStorage): ProgressState | null => {
  const row = sql.exec<{ body: string }>("SELECT body FROM progress_state").toArray()[0];
  return row ? (JSON.parse(row.body) as ProgressState) : null;
};

export const writeProgressState = (sql: SqlStorage, state: ProgressState): void => {
  sql.exec(
    `INSERT INTO progress_state (singleton, body) VALUES (1, ?)
     ON CONFLICT (singleton) DO UPDATE SET body = excluded.body`,
    JSON.stringify(state),
  );
};

export const initialProgressState = (ref: DeploymentRef, nowMs: number): ProgressState => ({
  ref,
  attempt: ref.attempt,
  runningAttempt: 0,
  lastActivityMs: nowMs,
  terminalEventId: null,
  terminalWrittenBack: false,
});

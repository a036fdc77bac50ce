/**
 * Which runner instance runs which attempt. Fetching the spec claims the attempt; the holder's
 * event batches renew the claim, and another runner may take it over only once the holder has
 * been silent for as long as the watchdog tolerates. One row per attempt, so events of a stale
 * attempt are still checked against the runner that ran it.
 */
export interface AttemptClaim {
  attempt: number;
  /** The runner token's `sub`: one per runner process. */
  runnerId: string;
  /** Claim or last event batch of the holder, epoch milliseconds. */
  renewedMs: number;
}

export const migrateAttemptClaims = (sql: SqlStorage): void => {
  sql.exec(`CREATE TABLE IF NOT EXISTS attempt_claims (
    attempt INTEGER PRIMARY KEY,
    runner_id TEXT NOT NULL,
    renewed_ms INTEGER NOT NULL
  )`);
};

export const claimOf = (sql: SqlStorage, attempt: number): AttemptClaim | null => {
  const row = sql
    .exec<{ runner_id: string; renewed_ms: number }>(
      "SELECT runner_id, renewed_ms FROM attempt_claims WHERE attempt = ?",
      attempt,
    )
    .toArray()[0];
  return row ? { attempt, runnerId: row.runner_id, renewedMs: row.renewed_ms } : null;
};

/** Records a new holder, or renews the current one's lease. */
export const saveClaim = (sql: SqlStorage, claim: AttemptClaim): void => {
  sql.exec(
    `INSERT INTO attempt_claims (attempt, runner_id, renewed_ms) VALUES (?, ?, ?)
     ON CONFLICT (attempt) DO UPDATE SET runner_id = excluded.runner_id,
       renewed_ms = excluded.renewed_ms`,
    claim.attempt,
    claim.runnerId,
    claim.renewedMs,
  );
};

import { eq } from "drizzle-orm";
import { attemptClaims } from "./schema.ts";
import type { ProgressDb } from "./storage.ts";

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

export const claimOf = (db: ProgressDb, attempt: number): AttemptClaim | null =>
  db.select().from(attemptClaims).where(eq(attemptClaims.attempt, attempt)).get() ?? null;

/** Records a new holder, or renews the current one's lease. */
export const saveClaim = (db: ProgressDb, claim: AttemptClaim): void => {
  db.insert(attemptClaims)
    .values(claim)
    .onConflictDoUpdate({
      target: attemptClaims.attempt,
      set: { runnerId: claim.runnerId, renewedMs: claim.renewedMs },
    })
    .run();
};

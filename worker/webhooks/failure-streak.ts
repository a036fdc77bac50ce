import { and, eq, gt, sql } from "drizzle-orm";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { webhooks } from "../db/schema.ts";
import { nowIso } from "../lib/time.ts";

/** A delivered event ends the webhook's streak of failed deliveries. */
export async function resetFailureStreak(db: Database, webhookId: string): Promise<void> {
  await db
    .update(webhooks)
    .set({ consecutiveFailures: 0 })
    .where(and(eq(webhooks.id, webhookId), gt(webhooks.consecutiveFailures, 0)));
}

/**
 * A delivery whose every attempt failed lengthens the streak; at
 * `disableAfterFailedDeliveries` the webhook is disabled with the reason, which GET shows,
 * until the provider enables it again.
 */
export async function recordFailedDelivery(
  db: Database,
  config: PlatformConfig["webhooks"],
  webhookId: string,
  lastError: string | null,
): Promise<void> {
  const [row] = await db
    .update(webhooks)
    .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` })
    .where(eq(webhooks.id, webhookId))
    .returning({ consecutiveFailures: webhooks.consecutiveFailures });
  if (!row || row.consecutiveFailures < config.disableAfterFailedDeliveries) return;
  const now = nowIso();
  await db
    .update(webhooks)
    .set({
      enabled: false,
      disabledReason:
        `Disabled after ${row.consecutiveFailures} consecutive failed deliveries ` +
        `(each tried ${config.maxAttempts} times); the last error: ${lastError ?? "unknown"}`,
      disabledAt: now,
      updatedAt: now,
    })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.enabled, true)));
}

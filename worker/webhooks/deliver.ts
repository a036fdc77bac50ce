import { and, eq } from "drizzle-orm";
import type { PlatformConfig, WebhookMessage } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { webhookEvents, webhooks } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { attemptDelivery } from "./attempt-delivery.ts";
import { webhookRetryDelaySeconds } from "./backoff.ts";
import { recordFailedDelivery, resetFailureStreak } from "./failure-streak.ts";

export type DeliverMessage = Extract<WebhookMessage, { type: "deliver" }>;

/**
 * One attempt of a queued delivery (the Queue's `attempts` numbers it). A failed attempt is
 * retried with backoff until `maxAttempts`; after the last one the delivery counts as failed.
 * A webhook deleted or disabled meanwhile gets nothing more.
 */
export async function deliver(
  env: Env,
  db: Database,
  config: PlatformConfig["webhooks"],
  message: Message<DeliverMessage>,
): Promise<void> {
  const { organizationId, webhookId, eventId } = message.body;
  const [webhook] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.organizationId, organizationId)));
  const [event] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.organizationId, organizationId)));
  if (!webhook?.enabled || !event) {
    message.ack();
    return;
  }
  const delivery = await attemptDelivery(env, db, config, webhook, event, message.attempts);
  if (delivery.succeeded) {
    await resetFailureStreak(db, webhook.id);
    message.ack();
    return;
  }
  if (message.attempts < config.maxAttempts) {
    message.retry({ delaySeconds: webhookRetryDelaySeconds(message.attempts, config) });
    return;
  }
  await recordFailedDelivery(db, config, webhook.id, delivery.error);
  message.ack();
}

import { and, eq, isNull } from "drizzle-orm";
import type { WebhookMessage } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { webhookEvents, webhooks } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { nowIso } from "../lib/time.ts";
import { subscribes } from "./subscriptions.ts";
import type { FanOutMessage } from "./webhook-events.ts";

/** Queues accept at most this many messages in one sendBatch. */
const SEND_BATCH_LIMIT = 100;

/**
 * Stores the event and queues one delivery per enabled webhook of the organization that
 * subscribes to its type. An event already fanned out (the same transition emitted twice, or
 * this message redelivered after the deliveries were queued) queues nothing again.
 */
export async function fanOut(env: Env, db: Database, message: FanOutMessage): Promise<void> {
  const { organizationId, event } = message;
  await db
    .insert(webhookEvents)
    .values({
      id: event.id,
      organizationId,
      type: event.type,
      payload: event,
      createdAt: event.createdAt,
    })
    .onConflictDoNothing();
  const [stored] = await db
    .select({ fannedOutAt: webhookEvents.fannedOutAt })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, event.id), eq(webhookEvents.organizationId, organizationId)));
  if (!stored || stored.fannedOutAt !== null) return;

  const targets = await db
    .select({ id: webhooks.id, events: webhooks.events })
    .from(webhooks)
    .where(and(eq(webhooks.organizationId, organizationId), eq(webhooks.enabled, true)));
  const deliveries: WebhookMessage[] = targets
    .filter((target) => subscribes(target.events, event.type))
    .map((target) => ({
      type: "deliver",
      organizationId,
      webhookId: target.id,
      eventId: event.id,
    }));
  for (let i = 0; i < deliveries.length; i += SEND_BATCH_LIMIT) {
    await env.WEBHOOKS.sendBatch(
      deliveries.slice(i, i + SEND_BATCH_LIMIT).map((body) => ({ body })),
    );
  }
  await db
    .update(webhookEvents)
    .set({ fannedOutAt: nowIso() })
    .where(and(eq(webhookEvents.id, event.id), isNull(webhookEvents.fannedOutAt)));
}

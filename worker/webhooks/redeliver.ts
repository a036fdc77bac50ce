import { and, eq } from "drizzle-orm";
import { webhookDeliveries } from "../db/schema.ts";
import { ApiError, notFound } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { findOwnedWebhook } from "./find-webhook.ts";

/** Queues the delivery's event to its webhook again, as a new delivery with its own retries. */
export async function redeliver(
  { env, db, principal }: ProviderScope,
  id: string,
  deliveryId: string,
) {
  const webhook = await findOwnedWebhook(db, principal.organizationId, id);
  const [delivery] = await db
    .select({ eventId: webhookDeliveries.eventId })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhook.id)))
    .limit(1);
  if (!delivery) throw notFound("Delivery");
  if (!webhook.enabled) {
    throw new ApiError("invalid_state", "The webhook is disabled; enable it to redeliver");
  }
  try {
    await env.WEBHOOKS.send({
      type: "deliver",
      organizationId: principal.organizationId,
      webhookId: webhook.id,
      eventId: delivery.eventId,
    });
  } catch (error) {
    console.error(JSON.stringify({ msg: "redelivery not queued", error: String(error) }));
    throw new ApiError("queue_unavailable", "The redelivery could not be queued; try again");
  }
  return { webhookId: webhook.id, eventId: delivery.eventId };
}

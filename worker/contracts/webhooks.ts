import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "./webhook-events.ts";

/**
 * Webhooks: the events providers subscribe to, the envelope each delivery carries, and the
 * messages of the `enclave-webhooks` queue. Receivers verify `Enclave-Signature` (see the
 * README) and dedupe on the event id, which is the same in the header and the body.
 */
export {
  ALL_WEBHOOK_EVENTS,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
  type WebhookEventFilter,
  type WebhookEventType,
} from "./webhook-events.ts";

export const WEBHOOK_HEADERS = {
  signature: "Enclave-Signature",
  eventId: "Enclave-Event-Id",
  eventType: "Enclave-Event-Type",
  deliveryId: "Enclave-Delivery-Id",
} as const;

/** Receivers refuse a signature whose timestamp is further than this from their clock. */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 300;

export const WebhookEvent = z.object({
  id: z.string().regex(/^evt_[0-9a-z]{20}$/),
  type: z.union([z.enum(WEBHOOK_EVENT_TYPES), z.literal(WEBHOOK_TEST_EVENT)]),
  createdAt: z.iso.datetime(),
  /** The objects the event is about (`tenant`, `deployment`), as the API shows them. */
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/**
 * `fan-out`: an event happened in an organization; the consumer stores it and queues one
 * `deliver` per subscribed webhook. `deliver`: one event to one webhook, retried with backoff.
 * Neither carries a secret: the consumer unseals the signing secret when it signs.
 */
export const WebhookMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("fan-out"), organizationId: z.string(), event: WebhookEvent }),
  z.object({
    type: z.literal("deliver"),
    organizationId: z.string(),
    webhookId: z.string(),
    eventId: z.string(),
  }),
]);
export type WebhookMessage = z.infer<typeof WebhookMessage>;

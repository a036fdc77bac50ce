import { z } from "zod";

/**
 * Webhooks: the events providers subscribe to, the envelope each delivery carries, and the
 * messages of the `enclave-webhooks` queue. Receivers verify `Enclave-Signature` (see the
 * README) and dedupe on the event id, which is the same in the header and the body.
 */
export const WEBHOOK_EVENT_TYPES = [
  "tenant.created",
  "tenant.ready",
  "tenant.failed",
  "tenant.suspended",
  "tenant.deleted",
  "deployment.started",
  "deployment.succeeded",
  "deployment.failed",
  "backup.completed",
  "domain.verified",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by `POST /v1/webhooks/{id}/test`, to that webhook, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";
/** A subscription to every event type, present and future. */
export const ALL_WEBHOOK_EVENTS = "*";
export type WebhookEventFilter = WebhookEventType | typeof ALL_WEBHOOK_EVENTS;

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

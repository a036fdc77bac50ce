/**
 * The events a webhook subscribes to, apart from the schemas in webhooks.ts so that the
 * dashboard can offer the same list without bundling zod.
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

import { z } from "@hono/zod-openapi";
import { createSelectSchema } from "drizzle-zod";
import { webhookDeliveries, webhooks } from "../../db/schema.ts";
import { ALL_WEBHOOK_EVENTS, idSchema, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "../index.ts";

export const WebhookEventFilter = z
  .union([z.enum(WEBHOOK_EVENT_TYPES), z.literal(ALL_WEBHOOK_EVENTS)])
  .openapi({ description: `An event type, or "${ALL_WEBHOOK_EVENTS}" for every type` });

const WebhookUrl = z.string().max(2048).url().openapi({
  example: "https://example.com/hooks/enclave",
  description:
    "Where events are POSTed. In live mode https only, and never a private, loopback, link-local or metadata address (the host is resolved, not only parsed)",
});

/** A webhook as the API shows it: never its secrets, sealed or not. */
export const WebhookSchema = createSelectSchema(webhooks)
  .omit({
    organizationId: true,
    keyId: true,
    wrappedKey: true,
    secretCiphertext: true,
    previousSecretCiphertext: true,
  })
  .extend({
    id: idSchema("webhook").openapi({ example: "whk_0123456789abcdefghjk" }),
    events: z.array(WebhookEventFilter),
    disabledReason: z.string().nullable().openapi({
      description: "Why the webhook is disabled: by a request, or after failed deliveries",
    }),
    consecutiveFailures: z.number().int().openapi({
      description: "Deliveries whose every attempt failed since the last successful one",
    }),
    previousSecretExpiresAt: z.string().nullable().openapi({
      description: "Until then the secret replaced by the last rotation signs deliveries too",
    }),
  })
  .openapi("Webhook");

export const CreatedWebhookSchema = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().openapi({
      description: "The signing secret (whsec_…). Shown once; store it now.",
    }),
  })
  .openapi("CreatedWebhook");

export const CreateWebhookBody = z
  .object({
    url: WebhookUrl,
    events: z
      .array(WebhookEventFilter)
      .min(1)
      .max(20)
      .optional()
      .openapi({
        description: `When absent the organization's \`webhookDefaults.events\`, else ["${ALL_WEBHOOK_EVENTS}"]`,
      }),
    description: z.string().trim().max(200).optional().openapi({ example: "billing backend" }),
  })
  .strict()
  .openapi("CreateWebhook");

export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    events: z.array(WebhookEventFilter).min(1).max(20).optional(),
    description: z.string().trim().max(200).nullable().optional(),
    enabled: z.boolean().optional().openapi({
      description: "false disables the webhook; true enables it again and clears its failures",
    }),
  })
  .strict()
  .openapi("UpdateWebhook");
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const RotateSecretBody = z
  .object({
    overlapHours: z.number().int().min(0).max(168).optional().openapi({
      description:
        "How long the current secret keeps signing beside the new one (the platform's webhooks.secretOverlapHours by default, 24)",
    }),
  })
  .strict()
  .openapi("RotateWebhookSecret");

export const WebhookDeliverySchema = createSelectSchema(webhookDeliveries)
  .omit({ organizationId: true })
  .extend({
    id: idSchema("webhookDelivery").openapi({ example: "whd_0123456789abcdefghjk" }),
    eventType: z.string().openapi({
      description: `The event's type, or ${WEBHOOK_TEST_EVENT} for a test delivery`,
    }),
    attempt: z.number().int().openapi({ description: "1 for the first attempt of a delivery" }),
    latencyMs: z.number().int().nullable(),
    responseExcerpt: z.string().nullable().openapi({
      description: "The start of the receiver's answer",
    }),
    error: z.string().nullable().openapi({ description: "Why the attempt failed" }),
  })
  .openapi("WebhookDelivery");

export const RedeliveryAcceptedSchema = z
  .object({ webhookId: z.string(), eventId: z.string() })
  .openapi("WebhookRedelivery");

export const DeliveryParams = z.object({
  id: z.string().max(64),
  deliveryId: z.string().max(64),
});

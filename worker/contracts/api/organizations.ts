import { z } from "@hono/zod-openapi";
import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { organizations } from "../../db/schema.ts";
import { ApiKeySchema } from "./api-keys.ts";
import { WebhookEventFilter } from "./webhooks.ts";

export const WebhookDefaultsSchema = z
  .object({
    events: z
      .array(WebhookEventFilter)
      .min(1)
      .max(20)
      .optional()
      .openapi({
        description: "The events a webhook created without `events` subscribes to",
        example: ["deployment.failed"],
      }),
  })
  .strict()
  .openapi("WebhookDefaults", {
    description: "What `POST /v1/webhooks` uses for the fields its body omits",
  });

export const OrganizationSchema = createSelectSchema(organizations)
  .extend({
    id: z.string().openapi({ example: "org_0123456789abcdefghjk" }),
    defaultTenantPlan: z.string().nullable().openapi({
      description:
        "The plan a tenant created without `plan` gets; null means the platform's default plan",
      example: "business",
    }),
    webhookDefaults: WebhookDefaultsSchema,
  })
  .openapi("Organization");

export const CreateOrganizationBody = createInsertSchema(organizations, {
  name: z.string().trim().min(1).max(100).openapi({ example: "Acme Inc" }),
  plan: z.string().min(1).max(63).optional().openapi({
    description:
      "A plan of the platform configuration, which sets the organization's API rate limit; the default plan when absent",
    example: "business",
  }),
})
  .pick({ name: true, plan: true })
  .strict()
  .openapi("CreateOrganization");

export const CreatedOrganizationSchema = z
  .object({
    organization: OrganizationSchema,
    apiKey: ApiKeySchema.extend({
      key: z.string().openapi({ description: "The full admin key. Shown once; store it now." }),
    }),
  })
  .openapi("CreatedOrganization");

export const UpdateOrganizationBody = z
  .object({
    name: CreateOrganizationBody.shape.name.optional(),
    plan: z.string().min(1).max(63).nullable().optional().openapi({
      description:
        "A plan of the platform configuration: the organization's API rate limit and caps; null returns to the platform's default plan",
      example: "business",
    }),
    defaultTenantPlan: z.string().min(1).max(63).nullable().optional().openapi({
      description:
        "A plan of the platform configuration that tenants created without `plan` get; null returns to the platform's default plan",
      example: "business",
    }),
    webhookDefaults: WebhookDefaultsSchema.optional().openapi({
      description: "Replaces the webhook defaults as a whole; `{}` clears them",
    }),
  })
  .strict()
  .openapi("UpdateOrganization");

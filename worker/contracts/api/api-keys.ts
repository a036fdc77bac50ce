import { z } from "@hono/zod-openapi";
import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { API_KEY_SCOPES, apiKeys } from "../../db/schema.ts";

export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES);

/** A key row as the API shows it: never the organization, never the secret's hash. */
export const ApiKeySchema = createSelectSchema(apiKeys)
  .omit({ organizationId: true, secretHash: true })
  .extend({
    id: z.string().openapi({ example: "key_0123456789abcdefghjk" }),
    prefix: z.string().openapi({ description: "The public part of the key, for recognising it" }),
    scopes: z.array(ApiKeyScopeSchema),
    rateLimit: z.number().int().nullable().openapi({
      description:
        "The key's own requests per window of its organization's plan, inside the organization's budget; null: the organization's budget alone",
    }),
  })
  .openapi("ApiKey");

export const CreatedApiKeySchema = z
  .object({
    apiKey: ApiKeySchema,
    key: z.string().openapi({ description: "The full key. Shown once; store it now." }),
  })
  .openapi("CreatedApiKey");

export const CreateApiKeyBody = createInsertSchema(apiKeys, {
  name: z.string().trim().min(1).max(100).openapi({ example: "billing webhook" }),
  scopes: z.array(ApiKeyScopeSchema).min(1).max(3),
  rateLimit: z.number().int().min(1).max(1_000_000).optional().openapi({
    description:
      "Requests this key may make per window of the organization's plan (never more than the organization's own limit)",
    example: 100,
  }),
})
  .pick({ name: true, scopes: true, rateLimit: true })
  .strict()
  .openapi("CreateApiKey");

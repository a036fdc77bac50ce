import { z } from "@hono/zod-openapi";
import { API_KEY_SCOPES } from "../../db/schema.ts";

export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES);

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_0123456789abcdefghjk" }),
    name: z.string(),
    prefix: z.string().openapi({ description: "The public part of the key, for recognising it" }),
    scopes: z.array(ApiKeyScopeSchema),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKeySchema = z
  .object({
    apiKey: ApiKeySchema,
    key: z.string().openapi({ description: "The full key. Shown once; store it now." }),
  })
  .openapi("CreatedApiKey");

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).openapi({ example: "billing webhook" }),
    scopes: z.array(ApiKeyScopeSchema).min(1).max(3),
  })
  .openapi("CreateApiKey");

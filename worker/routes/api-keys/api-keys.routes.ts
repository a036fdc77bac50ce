import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  ApiKeySchema,
  CreateApiKeyBody,
  CreatedApiKeySchema,
} from "../../contracts/api/api-keys.ts";
import { IdParams } from "../../contracts/api/common.ts";
import { commonProblems, idempotencyProblems } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";

export const create = createRoute({
  method: "post",
  path: "/v1/api-keys",
  tags: ["api-keys"],
  operationId: "createApiKey",
  summary: "Create an API key (the key is returned once)",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateApiKeyBody) },
  responses: {
    201: jsonContent(CreatedApiKeySchema, "The key and its full secret"),
    ...commonProblems,
    ...idempotencyProblems,
  },
});
export type CreateRoute = typeof create;

export const list = createRoute({
  method: "get",
  path: "/v1/api-keys",
  tags: ["api-keys"],
  operationId: "listApiKeys",
  summary: "List the organization's API keys (prefixes only)",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin")] as const,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(ApiKeySchema), "A page of keys"), ...commonProblems },
});
export type ListRoute = typeof list;

export const revoke = createRoute({
  method: "delete",
  path: "/v1/api-keys/{id}",
  tags: ["api-keys"],
  operationId: "revokeApiKey",
  summary: "Revoke an API key, effective immediately",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin")] as const,
  request: { params: IdParams },
  responses: { 200: jsonContent(ApiKeySchema, "The revoked key"), ...commonProblems },
});
export type RevokeRoute = typeof revoke;

import { createRoute } from "@hono/zod-openapi";
import { requireOperator } from "../../auth/operator.ts";
import { RewrapQuery, RewrapResultSchema } from "../../contracts/api/encryption.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonContent } from "../../lib/openapi.ts";

export const rewrap = createRoute({
  method: "post",
  path: "/v1/admin/encryption/rewrap",
  tags: ["admin"],
  operationId: "rewrapDataKeys",
  summary: "Move encrypted secrets to the active key (operator only)",
  description:
    "After adding a key to ENCRYPTION_KEYS and making it ENCRYPTION_KEY_ID, each call re-wraps " +
    "up to `limit` tenant and webhook data keys with the active key (the values sealed with them are " +
    "untouched) and seals values still in the first envelope format with their tenant's key, " +
    "bound to their row. When `remaining` is 0 the old key can be removed.",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: {
    query: RewrapQuery,
  },
  responses: {
    200: jsonContent(RewrapResultSchema, "Progress of the rotation"),
    ...commonProblems,
  },
});
export type RewrapRoute = typeof rewrap;

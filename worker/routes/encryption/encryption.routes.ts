import { createRoute, z } from "@hono/zod-openapi";
import { requireOperator } from "../../auth/operator.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonContent } from "../../lib/openapi.ts";

export const RewrapResultSchema = z
  .object({
    activeKeyId: z.string(),
    rewrapped: z.number().int().openapi({ description: "Records moved to the active key now" }),
    remaining: z
      .number()
      .int()
      .openapi({ description: "Records still on another key; call again until 0" }),
  })
  .openapi("RewrapResult");

export const rewrap = createRoute({
  method: "post",
  path: "/v1/admin/encryption/rewrap",
  tags: ["admin"],
  summary: "Move encrypted secrets to the active key (operator only)",
  description:
    "After adding a key to ENCRYPTION_KEYS and making it ENCRYPTION_KEY_ID, each call re-wraps " +
    "up to `limit` tenant data keys with the active key (the values sealed with them are " +
    "untouched) and seals values still in the first envelope format with their tenant's key, " +
    "bound to their row. When `remaining` is 0 the old key can be removed.",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  responses: {
    200: jsonContent(RewrapResultSchema, "Progress of the rotation"),
    ...commonProblems,
  },
});
export type RewrapRoute = typeof rewrap;

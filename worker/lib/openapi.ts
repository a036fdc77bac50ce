import { z } from "@hono/zod-openapi";
import { IDEMPOTENCY_HEADER } from "../middleware/idempotency.ts";

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** Documents the header of POST routes; the idempotency middleware checks it. */
export const IdempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER.toLowerCase()]: z.string().optional().openapi({
    description: "Same key and body within 24 hours: the first response is replayed",
  }),
});

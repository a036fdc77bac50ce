import { z } from "@hono/zod-openapi";

/** How many records one call re-wraps: bounded so each call fits in one D1 batch. */
export const RewrapQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

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

import { z } from "@hono/zod-openapi";

export const SpecQuery = z.object({
  attempt: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ description: "The attempt of the job the runner was handed: the one it claims" }),
});

export const AppendResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  stale: z.number().int(),
  cancelled: z.boolean().openapi({
    description: "The deployment was cancelled: stop at the next step, clean up, report it",
  }),
});

import { z } from "@hono/zod-openapi";

export const SpecQuery = z.object({
  attempt: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ description: "The attempt of the job the runner was handed: the one it claims" }),
  purpose: z
    .enum(["run", "cleanup"])
    .default("run")
    .openapi({
      description:
        "`cleanup`: the spec of a deployment that ended without compensation (dead-lettered), " +
        "to remove what its attempts left; no claim, no env",
    }),
});

export const AppendResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  stale: z.number().int(),
  cancelled: z.boolean().openapi({
    description: "The deployment was cancelled: stop at the next step, clean up, report it",
  }),
});

export const HeartbeatBody = z
  .object({
    attempt: z.number().int().min(1),
    state: z.enum(["queued", "running"]).openapi({
      description:
        "`queued`: accepted, waiting for a free slot under the runner's concurrency limit; " +
        "`running`: claimed and working, though it may have nothing to report (a rollout, a build)",
    }),
    position: z.number().int().min(1).optional().openapi({
      description: "Where a queued job stands in the runner's queue (1: next to start)",
    }),
  })
  .strict();

export const HeartbeatResultSchema = z.object({
  alive: z.boolean().openapi({
    description:
      "false: the attempt is stale, has ended or is another runner's; the runner drops the job",
  }),
});

export const ReleaseBody = z
  .object({
    attempt: z.number().int().min(1),
    reason: z.string().min(1).max(500),
  })
  .strict();

export const ReleaseResultSchema = z.object({
  redispatched: z.boolean().openapi({
    description: "The deployment went on to a new attempt, queued at once for another runner",
  }),
});

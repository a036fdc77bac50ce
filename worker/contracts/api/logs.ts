import { z } from "@hono/zod-openapi";

export const LogFormat = z.enum(["text", "jsonl"]).default("text").openapi({
  description:
    "`text`: one line each, prefixed with where it came from; `jsonl`: one JSON object per line",
});

export const DeploymentLogsQuery = z.object({ format: LogFormat });

/** Go-style durations as `kubectl logs --since` takes them: `30s`, `10m`, `2h`, `1h30m`. */
export const SinceDuration = z
  .string()
  .regex(/^(\d+h)?(\d+m)?(\d+s)?$/)
  .refine((value) => /[1-9]/.test(value), "a duration such as 30s, 10m or 2h, longer than 0")
  .openapi({ description: "Only lines of this last duration: `30s`, `10m`, `2h`, `1h30m`" });

export const RuntimeLogsQuery = z.object({
  tail: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .openapi({ description: "At most the last this many lines" }),
  since: SinceDuration.optional(),
  follow: z.enum(["true", "false"]).optional().openapi({
    description: "`true`: stream new lines as Server-Sent Events until you disconnect",
  }),
  format: LogFormat,
});

export const DeploymentLogLine = z
  .object({
    at: z.string().openapi({ description: "When the runner read the line" }),
    attempt: z.number().int(),
    stage: z.string().nullable(),
    service: z.string(),
    container: z.string(),
    line: z.string(),
  })
  .openapi("DeploymentLogLine");

export const RuntimeLogLineSchema = z
  .object({
    pod: z.string(),
    at: z.string().openapi({ description: "The container runtime's time of the line" }),
    line: z.string(),
  })
  .openapi("RuntimeLogLine");

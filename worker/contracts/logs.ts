import { z } from "zod";

/**
 * The edge asks the runner for a service's runtime logs with a token of this audience, signed
 * with the job token secret: its own audience, so a job token cannot read logs and a logs token
 * cannot start a job. It names the namespace and the service, and lives under a minute.
 */
export const LOGS_TOKEN_AUDIENCE = "runner-logs";
export const LOGS_TOKEN_TTL_SECONDS = 30;

/** A tenant's namespace: ids are `ten_…`, namespaces are DNS labels, hence the dash. */
export const tenantNamespaceName = (tenantId: string): string =>
  `enclave-${tenantId.replace("_", "-")}`;

/** What a runtime log request may ask for, on the edge's route and the runner's alike. */
export const RuntimeLogsOptions = z.object({
  /** The last lines of each pod, at most. */
  tail: z.coerce.number().int().min(1).max(10_000).optional(),
  /** Only lines of the last this many seconds. */
  sinceSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .optional(),
  follow: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true"),
});
export type RuntimeLogsOptions = z.infer<typeof RuntimeLogsOptions>;

/** One line of a service's pods, as the runner streams it: which pod, when, what. */
export const RuntimeLogLine = z.object({
  pod: z.string(),
  at: z.string(),
  line: z.string(),
});
export type RuntimeLogLine = z.infer<typeof RuntimeLogLine>;

import { z } from "zod";
import { DeploymentId } from "./ids.ts";
import { STAGES } from "./stages.ts";

export { PROVISION_STAGES, STAGES } from "./stages.ts";

/**
 * Stage names that were renamed, as events stored (or sent by a runner) before the rename still
 * carry them: the first stage was once "provision", the name of the whole job.
 */
const RENAMED_STAGES: Readonly<Record<string, Stage>> = { provision: "namespace" };
export const Stage = z.preprocess(
  (name) => (typeof name === "string" ? (RENAMED_STAGES[name] ?? name) : name),
  z.enum(STAGES),
);
export type Stage = (typeof STAGES)[number];

export const TERMINAL_EVENT_TYPES = [
  "deployment.ready",
  "deployment.failed",
  "deployment.cancelled",
  "deployment.deleted",
] as const;
export const EventType = z.enum([
  "stage.started",
  "stage.log",
  "stage.completed",
  "stage.failed",
  /** A failed or cancelled redeploy put the tenant's previous version back in place. */
  "deployment.rolled_back",
  ...TERMINAL_EVENT_TYPES,
]);
export type EventType = z.infer<typeof EventType>;

export const isTerminalEvent = (type: EventType): boolean =>
  (TERMINAL_EVENT_TYPES as readonly string[]).includes(type);

/**
 * One progress event as the runner reports it. `seq` counts up within one attempt, from the
 * spec's `progress.nextSeq`, and is the deduplication key together with (deploymentId, attempt). `data` carries structured
 * results (detection, image digest, URL) and never secrets. A `stage.log` whose `data.log` is
 * `{service, container}` carries that container's log lines (`<service> | <line>` each), which
 * the edge serves as the deployment's log.
 */
export const ProgressEvent = z
  .object({
    deploymentId: DeploymentId,
    attempt: z.number().int().min(1),
    seq: z.number().int().min(0),
    stage: Stage.nullable(),
    type: EventType,
    message: z.string().max(4096),
    at: z.iso.datetime(),
    durationMs: z.number().int().min(0).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const ProgressBatch = z.object({ events: z.array(ProgressEvent).min(1).max(200) }).strict();
export type ProgressBatch = z.infer<typeof ProgressBatch>;

/** An event as clients see it: `id` is the global, gap-free sequence assigned by the edge. */
export const StreamedEvent = ProgressEvent.extend({
  id: z.number().int().min(1),
  receivedAt: z.iso.datetime(),
});
export type StreamedEvent = z.infer<typeof StreamedEvent>;

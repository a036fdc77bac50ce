import type { EventType, ProgressEvent, Stage } from "../../../worker/contracts/index.ts";

/** A runner progress event; seq and attempt default to the first event of attempt 1. */
export const progressEvent = (
  deploymentId: string,
  overrides: Partial<ProgressEvent> & { type?: EventType; stage?: Stage | null } = {},
): ProgressEvent => ({
  deploymentId,
  attempt: 1,
  seq: 0,
  stage: "namespace",
  type: "stage.started",
  message: "working",
  at: new Date().toISOString(),
  ...overrides,
});

/** Log lines `from` ≤ seq < `to` of attempt 1, each saying its seq. */
export const steps = (deploymentId: string, from: number, to: number): ProgressEvent[] =>
  Array.from({ length: to - from }, (_, i) =>
    progressEvent(deploymentId, { seq: from + i, type: "stage.log", message: `step ${from + i}` }),
  );

import type { Stage } from "../../worker/contracts/index.ts";
import type { JobContext } from "./context.ts";

/** A stage failed; `message` is what the customer sees, already free of secrets. */
export class StageError extends Error {
  readonly stage: Stage;
  constructor(stage: Stage, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StageError";
    this.stage = stage;
  }
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Runs one stage between its started and completed/failed events, timing it for the
 * completed event and the stage-duration metric.
 */
export async function runStage<T>(
  ctx: JobContext,
  stage: Stage,
  message: string,
  body: () => Promise<{ result: T; summary: string; data?: Record<string, unknown> }>,
): Promise<T> {
  ctx.signal.throwIfAborted();
  ctx.reporter.emit({ stage, type: "stage.started", message });
  const started = performance.now();
  const observe = (outcome: string) =>
    ctx.deps.metrics.stageSeconds.observe({ stage, outcome }, (performance.now() - started) / 1000);
  try {
    const { result, summary, data } = await body();
    observe("completed");
    ctx.reporter.emit({
      stage,
      type: "stage.completed",
      message: summary,
      durationMs: performance.now() - started,
      ...(data ? { data } : {}),
    });
    return result;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    observe("failed");
    const failure =
      error instanceof StageError
        ? error
        : new StageError(stage, errorMessage(error), { cause: error });
    // The cause goes to the customer, redacted, through the event; the log only says where.
    ctx.deps.logger.warn(
      {
        deploymentId: ctx.job.deploymentId,
        attempt: ctx.job.attempt,
        stage,
      },
      "stage failed",
    );
    ctx.reporter.emit({
      stage,
      type: "stage.failed",
      message: failure.message,
      durationMs: performance.now() - started,
    });
    throw failure;
  }
}

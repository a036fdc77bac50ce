import { type EnclaveClient, EventStreamError } from "./api/index.ts";
import { EXIT_FAILURE, EXIT_OK, Interrupted } from "./args.ts";
import type { Output } from "./output.ts";
import { plainRenderer, ttyRenderer } from "./render/progress.ts";
import { formatDuration, ProgressModel, stagesFor } from "./render/progress-model.ts";

export type WatchTarget = {
  deploymentId: string;
  tenantId?: string;
  /** `provision` or `deprovision`: decides which stages are listed up front. */
  kind?: string;
  /** Shown when the ready event carries no URL: the tenant's `url` from the API. */
  fallbackUrl?: string;
};

/** What `--json` prints last, after the events. */
export type WatchResult = {
  deploymentId: string;
  tenantId?: string;
  status: "ready" | "failed" | "cancelled" | "deleted";
  url?: string;
  failedStage?: string;
  reason?: string;
};

/** Exit code of a command that waited for a deployment: only a finished one succeeded. */
export const watchExitCode = (result: WatchResult): number =>
  result.status === "ready" || result.status === "deleted" ? EXIT_OK : EXIT_FAILURE;

/**
 * Follows a deployment's events to the end: a live display for a person, one JSON event per
 * line for a script. Ctrl-C stops watching, not the deployment, and says how to resume.
 */
export const watchDeployment = async (
  client: EnclaveClient,
  out: Output,
  target: WatchTarget,
): Promise<WatchResult> => {
  // Before the live display starts: it redraws only the lines it wrote itself.
  out.note(
    out.err.dim(`Watching ${target.deploymentId}; Ctrl-C stops watching, not the deployment.`),
  );
  const model = new ProgressModel(stagesFor(target.kind));
  const stderr = out.io.stderr;
  const renderer = out.json
    ? undefined
    : stderr.isTTY
      ? ttyRenderer(stderr, out.err, model)
      : plainRenderer(stderr, model);
  const interrupt = new AbortController();
  let lastSeen: number | undefined;
  const onInterrupt = () => interrupt.abort(new Error("interrupted"));
  process.once("SIGINT", onInterrupt);
  try {
    const events = client.deployments.events(target.deploymentId, {
      signal: interrupt.signal,
      onReconnect: ({ lastEventId, error }) =>
        renderer?.notice(
          `connection lost (${error.message}); resuming after event ${lastEventId ?? "start"}`,
        ),
    });
    for await (const event of events) {
      lastSeen = event.id;
      model.apply(event, Date.now());
      if (out.json) out.data(event);
      renderer?.event(event);
    }
  } catch (error) {
    if (error instanceof EventStreamError) {
      throw new EventStreamError(
        `${error.message}\nResume with: enclave deployments watch ${target.deploymentId}`,
        error.lastEventId,
        error,
      );
    }
    if (interrupt.signal.aborted) {
      throw new Interrupted(
        `stopped watching; the deployment goes on. Resume with: enclave deployments watch ${target.deploymentId}`,
      );
    }
    throw error;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    renderer?.stop();
  }
  const outcome = model.outcome;
  if (!outcome) {
    throw new Error(`the event stream ended without a result (last event ${lastSeen ?? "none"})`);
  }
  const total = model.durationMs === undefined ? "" : ` in ${formatDuration(model.durationMs)}`;
  const base = {
    deploymentId: target.deploymentId,
    ...(target.tenantId ? { tenantId: target.tenantId } : {}),
  };
  if (outcome.status === "cancelled") {
    out.note(
      `${out.err.yellow("⊘")} deployment ${target.deploymentId} cancelled: ${outcome.reason}`,
    );
    return { ...base, status: "cancelled", reason: outcome.reason };
  }
  if (outcome.status === "failed") {
    const where = outcome.stage ? ` at stage ${outcome.stage}` : "";
    out.error(
      `${out.err.red("✗")} deployment ${target.deploymentId} failed${where}: ${outcome.reason}`,
    );
    return {
      ...base,
      status: "failed",
      reason: outcome.reason,
      ...(outcome.stage ? { failedStage: outcome.stage } : {}),
    };
  }
  out.note(`${out.err.green("✓")} ${outcome.status === "ready" ? "ready" : "deleted"}${total}`);
  const url = outcome.status === "ready" ? (outcome.url ?? target.fallbackUrl) : undefined;
  return { ...base, status: outcome.status, ...(url ? { url } : {}) };
};

import type { ProgressEvent } from "../api/types.ts";
import { formatDuration } from "../ui/states.tsx";
import type { DeploymentEvents } from "./use-deployment-events.ts";

export { PROVISION_STAGES } from "../../../contracts/stages.ts";

type StageState = "pending" | "active" | "done" | "failed";

interface StageView {
  name: string;
  state: StageState;
  durationMs?: number;
  logs: string[];
}

function stageViews(stages: readonly string[], events: ProgressEvent[]): StageView[] {
  return stages.map((name) => {
    const own = events.filter((event) => event.stage === name);
    const completed = own.find((event) => event.type === "stage.completed");
    const failed = own.find((event) => event.type === "stage.failed");
    const started = own.some((event) => event.type === "stage.started");
    const state: StageState = failed
      ? "failed"
      : completed
        ? "done"
        : started
          ? "active"
          : "pending";
    return {
      name,
      state,
      durationMs: (completed ?? failed)?.durationMs,
      logs: own.filter((e) => e.type !== "stage.completed").map((e) => e.message),
    };
  });
}

const STATE_LABEL: Record<StageState, string> = {
  pending: "waiting",
  active: "running",
  done: "done",
  failed: "failed",
};

/** The stages as a bar and a list, each with its duration and log lines. */
export function ProgressView({
  stages,
  progress,
}: {
  stages: readonly string[];
  progress: DeploymentEvents;
}) {
  const views = stageViews(stages, progress.events);
  const done = views.filter((view) => view.state === "done").length;
  const failure = progress.events.find((event) => event.type === "deployment.failed");
  const cancelled = progress.events.find((event) => event.type === "deployment.cancelled");
  const restored = progress.events.find((event) => event.type === "deployment.rolled_back");
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Deployment progress"
        aria-valuemin={0}
        aria-valuemax={stages.length}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${stages.length} stages done`}
        style={{ gridTemplateColumns: `repeat(${stages.length}, 1fr)` }}
      >
        {views.map((view) => (
          <span key={view.name} className={view.state} />
        ))}
      </div>
      <p className="hint" aria-live="polite">
        {progress.finalStatus
          ? `Finished: ${progress.finalStatus}`
          : `${done} of ${stages.length} stages done`}{" "}
        · live over {progress.transport === "closed" ? "a closed stream" : progress.transport}
      </p>
      {failure && (
        <div className="notice notice-error" role="alert">
          <p>{failure.message}</p>
        </div>
      )}
      {cancelled && (
        <div className="notice notice-info" role="status">
          <p>{cancelled.message}</p>
        </div>
      )}
      {restored && (
        <div className="notice notice-info" role="status">
          <p>{restored.message}</p>
        </div>
      )}
      <ol className="stages">
        {views.map((view) => (
          <li key={view.name} data-stage={view.name} data-state={view.state}>
            <div className="stage-head">
              <span className="stage-name">{view.name}</span>
              <span
                className={`badge badge-${view.state === "done" ? "good" : view.state === "failed" ? "bad" : view.state === "active" ? "busy" : "muted"}`}
              >
                {STATE_LABEL[view.state]}
              </span>
              <span className="hint">{formatDuration(view.durationMs)}</span>
            </div>
            {view.logs.length > 0 && (
              <ul className="logs">
                {view.logs.map((line, index) => (
                  // Log lines have no identity of their own; their order never changes.
                  // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
                  <li key={index}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

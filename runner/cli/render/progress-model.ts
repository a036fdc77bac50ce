import { PROVISION_STAGES, type StreamedEvent } from "../../../worker/contracts/index.ts";

export type StageStatus = "pending" | "running" | "done" | "failed" | "skipped";

export type StageView = {
  stage: string;
  status: StageStatus;
  /** Local clock when the stage started here, for the elapsed time of a running stage. */
  startedAt?: number;
  durationMs?: number;
  /** The failure reason, for a failed stage. */
  reason?: string;
  /** The most recent log lines only: a build can log thousands. */
  logs: string[];
};

export type Outcome =
  | { status: "ready" | "deleted"; url?: string; data: Record<string, unknown> }
  | { status: "failed"; stage?: string; reason: string }
  | { status: "cancelled"; reason: string };

export const LOG_LINES_KEPT = 3;

/** The stages a deployment of that kind goes through, in order. */
export const stagesFor = (kind: string | undefined): string[] =>
  kind === "deprovision" || kind === "backup" || kind === "restore"
    ? [kind]
    : [...PROVISION_STAGES];

/** What a watcher knows about a deployment, folded from its progress events. */
export class ProgressModel {
  readonly stages: StageView[];
  outcome: Outcome | undefined;
  /**
   * How long the deployment itself took, from its first event to its terminal one, by the
   * events' own times: a watch that joins late, or replays a finished deployment, reports the
   * deployment's duration, not its own.
   */
  durationMs: number | undefined;
  #firstEventAt: number | undefined;

  constructor(stageNames: readonly string[]) {
    this.stages = stageNames.map((stage) => ({ stage, status: "pending", logs: [] }));
  }

  /** The route stage reports the URL when it completes; the ready event may repeat it. */
  #reportedUrl: string | undefined;

  /** Events of an attempt the watchdog already replaced only add noise; the newest one decides. */
  #attempt = 0;

  apply(event: StreamedEvent, now: number): void {
    if (event.attempt < this.#attempt) return;
    this.#attempt = event.attempt;
    this.#firstEventAt ??= Date.parse(event.at);
    this.#reportedUrl = urlFrom(event.data) ?? this.#reportedUrl;
    const view = event.stage ? this.#stage(event.stage) : undefined;
    switch (event.type) {
      case "stage.started":
        if (view) Object.assign(view, { status: "running", startedAt: now });
        break;
      case "stage.log":
        if (view) {
          if (view.status === "pending") Object.assign(view, { status: "running", startedAt: now });
          view.logs.push(...event.message.split(/\r?\n/).filter((line) => line.trim() !== ""));
          view.logs.splice(0, Math.max(0, view.logs.length - LOG_LINES_KEPT));
        }
        break;
      case "stage.completed":
        // A rollback deploys recorded images: detect, generate and build report themselves skipped.
        if (view && event.data?.skipped === true) view.status = "skipped";
        else if (view) {
          view.status = "done";
          view.durationMs = event.durationMs ?? (view.startedAt ? now - view.startedAt : undefined);
        }
        break;
      case "stage.failed":
        if (view) {
          view.status = "failed";
          view.reason = event.message;
          view.durationMs = event.durationMs ?? (view.startedAt ? now - view.startedAt : undefined);
        }
        break;
      case "deployment.ready":
      case "deployment.deleted":
        this.#finish("done", event);
        this.outcome = {
          status: event.type === "deployment.ready" ? "ready" : "deleted",
          url: this.#reportedUrl,
          data: event.data ?? {},
        };
        break;
      case "deployment.cancelled":
        this.#finish("skipped", event);
        this.outcome = {
          status: "cancelled",
          reason: event.message || "the deployment was cancelled",
        };
        break;
      case "deployment.failed": {
        const failed = this.stages.find((s) => s.status === "failed");
        const stage =
          event.stage ?? failed?.stage ?? this.stages.find((s) => s.status === "running")?.stage;
        this.#finish("failed", event);
        const reason = event.message || failed?.reason || "the deployment failed";
        this.outcome = { status: "failed", reason, ...(stage ? { stage } : {}) };
        break;
      }
    }
  }

  /** Running stages end as the deployment did; stages never reached were skipped. */
  #finish(running: "done" | "failed" | "skipped", event: StreamedEvent): void {
    if (this.#firstEventAt !== undefined) {
      this.durationMs = Math.max(0, Date.parse(event.at) - this.#firstEventAt);
    }
    for (const view of this.stages) {
      if (view.status === "running") view.status = running;
      if (view.status === "pending") view.status = "skipped";
    }
  }

  #stage(name: string): StageView {
    let view = this.stages.find((s) => s.stage === name);
    if (!view) {
      view = { stage: name, status: "pending", logs: [] };
      this.stages.push(view);
    }
    return view;
  }
}

/** The runner reports the public URL in the ready event's result; `slug` + `baseDomain` else. */
export const urlFrom = (data: Record<string, unknown> | undefined): string | undefined => {
  if (!data) return undefined;
  if (typeof data.url === "string") return data.url;
  if (typeof data.slug === "string" && typeof data.baseDomain === "string") {
    return `https://${data.slug}.${data.baseDomain}`;
  }
  return undefined;
};

export const formatDuration = (ms: number): string => {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${Math.floor((ms % 60_000) / 1000)}s`;
};

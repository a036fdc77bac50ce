import type { Writable } from "node:stream";
import type { StreamedEvent } from "../../../worker/contracts/index.ts";
import type { Style } from "../output.ts";
import { formatDuration, type ProgressModel, type StageView } from "./progress-model.ts";

export type ProgressRenderer = {
  event(event: StreamedEvent): void;
  notice(text: string): void;
  stop(): void;
};

type Stream = Writable & { columns?: number };

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAME_MS = 100;

const stageWidth = (model: ProgressModel) => Math.max(...model.stages.map((s) => s.stage.length));

const stageLine = (view: StageView, width: number, s: Style, now: number, frame: number) => {
  const name = view.stage.padEnd(width);
  switch (view.status) {
    case "pending":
      return `  ${s.dim("·")} ${s.dim(name)}`;
    case "running": {
      const elapsed = view.startedAt === undefined ? "" : formatDuration(now - view.startedAt);
      return `  ${s.cyan(SPINNER[frame % SPINNER.length] ?? "-")} ${name}  ${s.dim(elapsed)}`;
    }
    case "done":
      return `  ${s.green("✓")} ${name}  ${s.dim(view.durationMs === undefined ? "" : formatDuration(view.durationMs))}`;
    case "failed":
      return `  ${s.red("✗")} ${name}  ${s.red(view.reason ?? "failed")}`;
    case "skipped":
      return `  ${s.dim("-")} ${s.dim(`${name}  skipped`)}`;
  }
};

/** Cuts a line to the terminal width so no line wraps: wrapping would break the redraw. */
const fitToWidth = (line: string, columns: number): string => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
  const visible = line.replace(/\x1b\[[0-9;]*m/g, "");
  if (visible.length <= columns) return line;
  return `${visible.slice(0, Math.max(0, columns - 1))}…`;
};

/** Redraws one line per stage in place, with a spinner, timers and the last log lines. */
export const ttyRenderer = (
  stream: Stream,
  style: Style,
  model: ProgressModel,
): ProgressRenderer => {
  let drawn = 0;
  let frame = 0;
  let notice: string | undefined;
  const draw = () => {
    const now = Date.now();
    const width = stageWidth(model);
    const columns = Math.max(20, (stream.columns || 80) - 1);
    const lines: string[] = [];
    for (const view of model.stages) {
      lines.push(stageLine(view, width, style, now, frame));
      if (view.status === "running") {
        for (const log of view.logs) lines.push(style.dim(`      ${log}`));
      }
    }
    if (notice) lines.push(style.yellow(`  ${notice}`));
    const up = drawn > 0 ? `\x1b[${drawn}F` : "";
    stream.write(`${up}\x1b[0J${lines.map((line) => fitToWidth(line, columns)).join("\n")}\n`);
    drawn = lines.length;
  };
  stream.write("\x1b[?25l");
  draw();
  const timer = setInterval(() => {
    frame++;
    draw();
  }, FRAME_MS);
  timer.unref();
  return {
    event() {
      notice = undefined;
      draw();
    },
    notice(text) {
      notice = text;
      draw();
    },
    stop() {
      clearInterval(timer);
      draw();
      stream.write("\x1b[?25h");
    },
  };
};

/** One line per event, for logs and pipes where redrawing would print garbage. */
export const plainRenderer = (stream: Stream, model: ProgressModel): ProgressRenderer => {
  const width = () => stageWidth(model);
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    event(event) {
      const stage = (event.stage ?? "").padEnd(width());
      const view = model.stages.find((s) => s.stage === event.stage);
      switch (event.type) {
        case "stage.started":
          return write(`${stage}  started${event.message ? `: ${event.message}` : ""}`);
        case "stage.log":
          return write(`${stage}  | ${event.message}`);
        case "stage.completed": {
          if (view?.status === "skipped") return write(`${stage}  ${event.message || "skipped"}`);
          const took =
            view?.durationMs === undefined ? "" : ` in ${formatDuration(view.durationMs)}`;
          return write(`${stage}  done${took}`);
        }
        case "stage.failed":
          return write(`${stage}  failed: ${event.message}`);
        case "deployment.rolled_back":
          return write(event.message);
        default:
          return undefined;
      }
    },
    notice(text) {
      write(text);
    },
    stop() {},
  };
};

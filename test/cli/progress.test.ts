import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { styleFor } from "../../runner/cli/output.ts";
import { plainRenderer, ttyRenderer } from "../../runner/cli/render/progress.ts";
import {
  formatDuration,
  LOG_LINES_KEPT,
  ProgressModel,
  stagesFor,
} from "../../runner/cli/render/progress-model.ts";
import { PROVISION_STAGES } from "../../worker/contracts/index.ts";
import { events } from "./fake-api.ts";

const fold = (model: ProgressModel, list: ReturnType<typeof events>) => {
  for (const event of list) model.apply(event, 0);
  return model;
};

describe("ProgressModel", () => {
  it("ignores a superseded attempt's late failure once the watchdog started a newer one", () => {
    const model = fold(
      new ProgressModel(stagesFor("provision")),
      events([
        { stage: "namespace", type: "stage.started" },
        { stage: "health", type: "stage.started", attempt: 2 },
        { stage: "deploy", type: "deployment.failed", message: "runner lost", attempt: 1 },
        { stage: null, type: "deployment.ready", attempt: 2 },
      ]),
    );
    expect(model.outcome?.status).toBe("ready");
  });

  it("lists the pipeline's stages up front, or only deprovision for a deletion", () => {
    expect(stagesFor("provision")).toEqual(PROVISION_STAGES);
    expect(stagesFor("deprovision")).toEqual(["deprovision"]);
  });

  it("ends ready with the URL the route stage reported; unreached stages are skipped", () => {
    const model = fold(
      new ProgressModel(stagesFor("provision")),
      events([
        { stage: "namespace", type: "stage.started" },
        { stage: "namespace", type: "stage.completed", durationMs: 1500 },
        { stage: "route", type: "stage.completed", data: { url: "https://acme.example" } },
        { stage: null, type: "deployment.ready" },
      ]),
    );
    expect(model.outcome).toEqual({ status: "ready", url: "https://acme.example", data: {} });
    expect(model.stages.map((s) => [s.stage, s.status])).toContainEqual(["build", "skipped"]);
    expect(model.stages[0]).toMatchObject({ status: "done", durationMs: 1500 });
  });

  it("times the deployment by its events, from the first to the terminal one", () => {
    const model = fold(
      new ProgressModel(stagesFor("provision")),
      events([
        { stage: "namespace", type: "stage.started", at: "2025-01-01T00:00:10.000Z" },
        { stage: "build", type: "stage.failed", at: "2025-01-01T00:00:40.000Z" },
        { stage: null, type: "deployment.failed", at: "2025-01-01T00:00:42.500Z" },
      ]),
    );
    expect(model.durationMs).toBe(32_500);
  });

  it("fails with the stage and the reason of the terminal event", () => {
    const model = fold(
      new ProgressModel(stagesFor("provision")),
      events([
        { stage: "deploy", type: "stage.started" },
        { stage: "deploy", type: "stage.failed", message: "ImagePullBackOff" },
        { stage: null, type: "deployment.failed", message: "rollout failed: ImagePullBackOff" },
      ]),
    );
    expect(model.outcome).toEqual({
      status: "failed",
      stage: "deploy",
      reason: "rollout failed: ImagePullBackOff",
    });
  });

  it("keeps only the last log lines of a stage, split per line", () => {
    const logs = Array.from({ length: 6 }, (_, i) => ({
      stage: "build" as const,
      type: "stage.log" as const,
      message: `line ${i}\n`,
    }));
    const model = fold(new ProgressModel(stagesFor("provision")), events(logs));
    const build = model.stages.find((s) => s.stage === "build");
    expect(build?.status).toBe("running");
    expect(build?.logs).toEqual(["line 3", "line 4", "line 5"].slice(-LOG_LINES_KEPT));
  });

  it("formats durations for people", () => {
    expect(formatDuration(420)).toBe("0.4s");
    expect(formatDuration(65_000)).toBe("1m 5s");
  });
});

const capture = (columns?: number) => {
  const stream = Object.assign(new PassThrough(), { columns });
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
};

describe("renderers", () => {
  const list = events([
    { stage: "build", type: "stage.started" },
    { stage: "build", type: "stage.log", message: "STEP 1/2" },
    { stage: "build", type: "stage.failed", message: "exit 1" },
  ]);

  it("prints one plain line per event when not on a terminal", () => {
    const model = new ProgressModel(["build"]);
    const { stream, text } = capture();
    const renderer = plainRenderer(stream, model);
    for (const event of list) {
      model.apply(event, 0);
      renderer.event(event);
    }
    renderer.stop();
    expect(text()).toBe("build  started\nbuild  | STEP 1/2\nbuild  failed: exit 1\n");
  });

  it("redraws in place on a terminal, cut to its width, and restores the cursor", () => {
    const model = new ProgressModel(["namespace", "build"]);
    const { stream, text } = capture(30);
    const style = styleFor({ isTTY: true }, {});
    const renderer = ttyRenderer(stream, style, model);
    for (const event of list.slice(0, 2)) {
      model.apply(event, Date.now());
      renderer.event(event);
    }
    renderer.stop();
    const output = text();
    expect(output.startsWith("\x1b[?25l")).toBe(true);
    expect(output).toContain("\x1b[3F\x1b[0J");
    expect(output).toContain("STEP 1/2");
    expect(output.endsWith("\x1b[?25h")).toBe(true);
    const longest = Math.max(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
      ...output.split("\n").map((line) => line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").length),
    );
    expect(longest).toBeLessThanOrEqual(29);
  });

  it("uses no colors when NO_COLOR is set or the stream is not a terminal", () => {
    expect(styleFor({ isTTY: true }, { NO_COLOR: "1" }).red("x")).toBe("x");
    expect(styleFor({ isTTY: false }, {}).red("x")).toBe("x");
    expect(styleFor({ isTTY: true }, {}).red("x")).toBe("\x1b[31mx\x1b[39m");
  });
});

import { describe, expect, it } from "vitest";
import { detectionPreviewer } from "../../runner/analysis/preview-detections.ts";
import { DetectionError } from "../../runner/detect/errors.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import type { Analysis, SourceAnalyzer } from "../../runner/pipeline/stages/detect.ts";
import type { DetectionPreviewRequest, DetectionResult } from "../../worker/contracts/index.ts";

const detection: DetectionResult = {
  path: ".",
  dockerfile: null,
  languages: [],
  frameworks: [],
  packageManager: null,
  runtimeVersion: null,
  buildCommand: null,
  startCommand: null,
  port: null,
  healthPath: null,
  outputDirectory: null,
  template: null,
  candidates: [],
};

const request = (count: number, timeoutSeconds = 20): DetectionPreviewRequest => ({
  sources: Array.from({ length: count }, (_, i) => ({
    type: "git" as const,
    url: `file:///repo-${i}`,
    path: ".",
  })),
  detectionRules: [],
  timeoutSeconds,
});

/** An analyzer whose every analysis waits until the test lets it finish (or it is aborted). */
function gatedAnalyzer() {
  const state = { running: 0, peak: 0, aborted: 0, release: () => {} };
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  state.release = open;
  const analyzer: SourceAnalyzer = {
    analyze: async (_source, _config, signal): Promise<Analysis> => {
      signal.throwIfAborted();
      state.running += 1;
      state.peak = Math.max(state.peak, state.running);
      try {
        await new Promise<void>((resolve, reject) => {
          gate.then(resolve);
          signal.addEventListener("abort", () => {
            state.aborted += 1;
            reject(signal.reason);
          });
        });
        return { detection, repositoryDockerfile: null, revision: "abc" };
      } finally {
        state.running -= 1;
      }
    },
    generate: () => ({ templateId: "none", templateVersion: "", variables: {}, dockerfile: "" }),
  };
  return { analyzer, state };
}

describe("detection previews", () => {
  it("reads at most its own concurrency of sources at once", async () => {
    const { analyzer, state } = gatedAnalyzer();
    const previewer = detectionPreviewer({ analyzer, concurrency: 2, logger: silentLogger });
    const pending = previewer.preview(request(5), new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.running).toBe(2);
    state.release();
    const results = await pending;
    expect(results.map((result) => result.status)).toEqual(Array(5).fill("detected"));
    expect(state.peak).toBe(2);
  });

  it("answers source_timeout for what outlives the request's deadline, and stops that work", async () => {
    const { analyzer, state } = gatedAnalyzer();
    const previewer = detectionPreviewer({ analyzer, concurrency: 1, logger: silentLogger });
    const started = Date.now();
    const results = await previewer.preview(request(2, 1), new AbortController().signal);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(results).toEqual([
      expect.objectContaining({ status: "failed", code: "source_timeout" }),
      expect.objectContaining({ status: "failed", code: "source_timeout" }),
    ]);
    expect(state.aborted).toBe(1);
  });

  it("stops reading when the edge's request goes away", async () => {
    const { analyzer, state } = gatedAnalyzer();
    const previewer = detectionPreviewer({ analyzer, concurrency: 1, logger: silentLogger });
    const edge = new AbortController();
    const pending = previewer.preview(request(1), edge.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    edge.abort(new Error("client went away"));
    await pending;
    expect(state.aborted).toBe(1);
  });

  it("answers the customer's reason for a source that cannot be detected, with workspace candidates", async () => {
    const candidates = [{ path: "apps/web", name: "web" }];
    const analyzer: SourceAnalyzer = {
      analyze: async (source) => {
        if (source.type === "git" && source.url.endsWith("0")) {
          throw new DetectionError("workspace_root", "pick a path", { candidates });
        }
        throw new Error("disk on fire");
      },
      generate: () => ({ templateId: "none", templateVersion: "", variables: {}, dockerfile: "" }),
    };
    const previewer = detectionPreviewer({ analyzer, concurrency: 1, logger: silentLogger });
    const results = await previewer.preview(request(2), new AbortController().signal);
    expect(results).toEqual([
      { status: "failed", code: "workspace_root", message: "pick a path", candidates },
      {
        status: "failed",
        code: "source_unavailable",
        message: expect.not.stringContaining("disk on fire"),
        candidates: [],
      },
    ]);
  });
});

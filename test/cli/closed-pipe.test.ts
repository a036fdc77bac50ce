import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEPLOYMENT_ID, deployment, EVENTS_PATH, events, FakeApi, sseFrame } from "./fake-api.ts";
import { spawnCli } from "./run-cli.ts";

const stream = events([
  { stage: "namespace", type: "stage.started" },
  { stage: "namespace", type: "stage.completed", durationMs: 1000 },
  { stage: "build", type: "stage.started" },
  { stage: "build", type: "stage.log", message: "STEP 1/2" },
  { stage: "build", type: "stage.completed", durationMs: 1000 },
  { stage: null, type: "deployment.ready" },
]);

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

describe("a closed pipe", () => {
  it("ends `deployments watch --json | head -3` quietly, as it ends any Unix tool", async () => {
    let readerGone: () => void = () => {};
    const gone = new Promise<void>((resolve) => {
      readerGone = resolve;
    });
    api.json("GET", `/v1/deployments/${DEPLOYMENT_ID}`, 200, deployment({ status: "running" }));
    api.on("GET", EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const event of stream.slice(0, 3)) res.write(sseFrame(event));
      // The rest arrives once the reader has left, as it would from a deployment still running.
      void gone.then(() => {
        for (const event of stream.slice(3)) res.write(sseFrame(event));
        res.end('event: end\ndata: {"status":"ready"}\n\n');
      });
    });
    const child = spawnCli(["deployments", "watch", DEPLOYMENT_ID, "--json"], {
      apiUrl: api.url,
    });
    child.stdin.end();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let lines = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      lines += chunk.toString().split("\n").length - 1;
      if (lines >= 3) {
        child.stdout.destroy();
        readerGone();
      }
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(141);
  });
});

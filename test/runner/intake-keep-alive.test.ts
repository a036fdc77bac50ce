import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { afterEach, expect, it } from "vitest";
import { detectAndGenerate } from "../../runner/analysis/detect-and-generate.ts";
import { detectionPreviewer } from "../../runner/analysis/preview-detections.ts";
import { JobScheduler } from "../../runner/intake/scheduler.ts";
import { createIntakeServer, listen } from "../../runner/intake/server.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import { RunnerMetrics } from "../../runner/metrics/registry.ts";
import { unreachableKube } from "./support/fixtures.ts";

let server: Server | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** Sends one request on the socket and resolves with the status line of its answer. */
const ask = (on: Socket) =>
  new Promise<string>((resolve, reject) => {
    on.once("data", (chunk: Buffer) => resolve(chunk.toString().split("\r\n")[0] ?? ""));
    on.once("error", reject);
    on.once("end", () => reject(new Error("the runner closed the connection")));
    on.write("GET /healthz HTTP/1.1\r\nHost: runner\r\n\r\n");
  });

it("keeps an idle connection from the edge open longer than Node's 5 s default", async () => {
  ({ server } = createIntakeServer({
    host: "127.0.0.1",
    port: 0,
    jobTokenSecret: "job-token-secret-for-tests-0123456789abc",
    scheduler: new JobScheduler({ concurrency: 1, logger: silentLogger, run: async () => {} }),
    previewer: detectionPreviewer({
      analyzer: detectAndGenerate(tmpdir(), "local"),
      concurrency: 1,
      logger: silentLogger,
    }),
    metrics: new RunnerMetrics(),
    logger: silentLogger,
    kube: unreachableKube(),
  }));
  const port = Number(new URL(await listen(server, "127.0.0.1", 0)).port);
  const conn = connect(port, "127.0.0.1");
  socket = conn;
  let closed = false;
  conn.on("end", () => {
    closed = true;
  });
  await new Promise((resolve) => conn.once("connect", resolve));
  expect(await ask(conn)).toBe("HTTP/1.1 200 OK");
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  expect(closed).toBe(false);
  expect(await ask(conn)).toBe("HTTP/1.1 200 OK");
}, 20_000);

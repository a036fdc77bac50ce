import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectAndGenerate } from "../../runner/analysis/detect-and-generate.ts";
import { detectionPreviewer } from "../../runner/analysis/preview-detections.ts";
import { type EmbeddedCluster, startEmbeddedCluster } from "../../runner/cluster/index.ts";
import { JobScheduler } from "../../runner/intake/scheduler.ts";
import { createIntakeServer, listen } from "../../runner/intake/server.ts";
import { Kube } from "../../runner/kube/client.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import { workloadSelector } from "../../runner/manifests/labels.ts";
import { RunnerMetrics } from "../../runner/metrics/registry.ts";
import {
  EDGE_ISSUER,
  JOB_TOKEN_AUDIENCE,
  LOGS_TOKEN_AUDIENCE,
  type RuntimeLogLine,
} from "../../worker/contracts/index.ts";
import { adminKubeConfig } from "./support/harness.ts";

const SECRET = "job-token-secret-for-tests-0123456789abc";
const NS = "enclave-ten-logs";

let cluster: EmbeddedCluster;
let server: Server;
let url: string;

/** A logs token as the edge mints it (worker/tokens/logs-token.ts). */
const logsToken = (
  claims: Record<string, unknown> = { namespace: NS, service: "web" },
  audience = LOGS_TOKEN_AUDIENCE,
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(EDGE_ISSUER)
    .setAudience(audience)
    .setSubject("ten_logs")
    .setIssuedAt()
    .setExpirationTime("30s")
    .sign(new TextEncoder().encode(SECRET));

const getLogs = async (query = "", token?: string) =>
  fetch(`${url}/v1/logs${query}`, {
    headers: { authorization: `Bearer ${token ?? (await logsToken())}` },
  });

async function startPod(name: string, service: string, image: string) {
  const kube = new Kube(adminKubeConfig(cluster), { inCluster: false });
  await kube.apply({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, labels: workloadSelector(service, "app") },
    spec: { restartPolicy: "Never", containers: [{ name: "app", image }] },
  });
}

beforeAll(async () => {
  cluster = await startEmbeddedCluster();
  cluster.behaviours.register({ image: "web-a" }, () => ({
    logs: [
      "a listening",
      { line: "a request 1", delayMs: 40 },
      { line: "a request 2", delayMs: 80 },
    ],
    exit: { code: 0, afterMs: 50 },
  }));
  cluster.behaviours.register({ image: "web-b" }, () => ({
    logs: [
      { line: "b listening", delayMs: 20 },
      { line: "b request 1", delayMs: 80 },
    ],
    exit: { code: 0, afterMs: 50 },
  }));
  const kube = new Kube(adminKubeConfig(cluster), { inCluster: false });
  await kube.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  await startPod("web-a", "web", "web-a");
  await startPod("web-b", "web", "web-b");
  await startPod("worker-1", "worker", "web-a");
  ({ server } = createIntakeServer({
    host: "127.0.0.1",
    port: 0,
    jobTokenSecret: SECRET,
    scheduler: new JobScheduler({ concurrency: 1, logger: silentLogger, run: async () => {} }),
    previewer: detectionPreviewer({
      analyzer: detectAndGenerate(tmpdir(), "local"),
      concurrency: 1,
      logger: silentLogger,
    }),
    metrics: new RunnerMetrics(),
    logger: silentLogger,
    kube,
  }));
  url = await listen(server, "127.0.0.1", 0);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await cluster.close();
});

async function eventuallyTrue(check: () => boolean) {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const linesOf = async (res: Response): Promise<RuntimeLogLine[]> =>
  (await res.text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RuntimeLogLine);

describe("GET /v1/logs on the runner", () => {
  it("reads every pod of the token's service through the pod log API, merged by time", async () => {
    const deadline = Date.now() + 5_000;
    let lines: RuntimeLogLine[] = [];
    while (Date.now() < deadline && lines.length < 5) {
      lines = await linesOf(await getLogs());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(lines.map(({ pod, line }) => `${pod} ${line}`).sort()).toEqual([
      "web-a a listening",
      "web-a a request 1",
      "web-a a request 2",
      "web-b b listening",
      "web-b b request 1",
    ]);
    const times = lines.map((line) => line.at);
    expect(times).toEqual([...times].sort());
    expect(lines.filter((l) => l.pod === "web-a").map((l) => l.line)).toEqual([
      "a listening",
      "a request 1",
      "a request 2",
    ]);
    expect(lines[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const tail = await linesOf(await getLogs("?tail=2"));
    expect(tail).toEqual(lines.slice(-2));
  });

  it("follows as Server-Sent Events, one per line, ending when every pod's stream has", async () => {
    await startPod("web-c", "follow", "web-a");
    await startPod("web-d", "follow", "web-b");
    const token = await logsToken({ namespace: NS, service: "follow" });
    const res = await getLogs("?follow=true", token);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const text = await res.text();
    const data = text
      .split("\n\n")
      .filter((frame) => frame.startsWith("data: "))
      .map((frame) => JSON.parse(frame.slice(6)) as RuntimeLogLine);
    expect(data.map((l) => `${l.pod} ${l.line}`).sort()).toEqual([
      "web-c a listening",
      "web-c a request 1",
      "web-c a request 2",
      "web-d b listening",
      "web-d b request 1",
    ]);
    expect(text.trimEnd().endsWith("event: end\ndata: {}")).toBe(true);
  });

  it("closes every pod stream when the edge goes away", async () => {
    await startPod("web-e", "server", "server:1");
    const token = await logsToken({ namespace: NS, service: "server" });
    const aborted = new AbortController();
    const res = await fetch(`${url}/v1/logs?follow=true`, {
      headers: { authorization: `Bearer ${token}` },
      signal: aborted.signal,
    });
    const reader = res.body?.getReader();
    await reader?.read();
    await eventuallyTrue(() => cluster.openLogFollows() === 1);
    aborted.abort();
    await eventuallyTrue(() => cluster.openLogFollows() === 0);
  });

  it("refuses a request without a logs token, with a job token, or with a token naming nothing", async () => {
    expect((await fetch(`${url}/v1/logs`)).status).toBe(401);
    const job = await logsToken({ namespace: NS, service: "web" }, JOB_TOKEN_AUDIENCE);
    expect((await getLogs("", job)).status).toBe(401);
    expect((await getLogs("", await logsToken({}))).status).toBe(401);
    const invalid = await getLogs("?tail=0");
    expect(invalid.status).toBe(400);
    expect((await invalid.json()) as { code: string }).toMatchObject({ code: "validation_failed" });
  });
});

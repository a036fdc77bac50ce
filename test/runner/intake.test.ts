import { readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { detectAndGenerate } from "../../runner/analysis/detect-and-generate.ts";
import {
  type DetectionPreviewer,
  detectionPreviewer,
} from "../../runner/analysis/preview-detections.ts";
import { JobScheduler } from "../../runner/intake/scheduler.ts";
import { createIntakeServer, listen } from "../../runner/intake/server.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import { RunnerMetrics } from "../../runner/metrics/registry.ts";
import type { JobMessage } from "../../worker/contracts/index.ts";
import { testId, unreachableKube } from "./support/fixtures.ts";
import { gitRepository } from "./support/git-repo.ts";
import { detectionToken, jobToken, unsignedToken } from "./support/job-token.ts";

const SECRET = "job-token-secret-for-tests-0123456789abc";

/** Detection as the deployed runner does it, on local sources (local mode). */
const localPreviewer = () =>
  detectionPreviewer({
    analyzer: detectAndGenerate(tmpdir(), "local"),
    concurrency: 2,
    logger: silentLogger,
  });

async function startIntake(
  scheduler: JobScheduler,
  previewer: DetectionPreviewer,
): Promise<{ server: Server; url: string }> {
  const { server } = createIntakeServer({
    host: "127.0.0.1",
    port: 0,
    jobTokenSecret: SECRET,
    scheduler,
    previewer,
    metrics: new RunnerMetrics(),
    logger: silentLogger,
    kube: unreachableKube(),
  });
  return { server, url: await listen(server, "127.0.0.1", 0) };
}

const newJob = (overrides: Partial<JobMessage> = {}): JobMessage => ({
  type: "provision",
  deploymentId: testId("dep"),
  tenantId: testId("ten"),
  attempt: 1,
  ...overrides,
});

describe("job intake", () => {
  let server: Server;
  let url: string;
  let started: JobMessage[];
  let release: () => void;

  beforeEach(async () => {
    started = [];
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const scheduler = new JobScheduler({
      concurrency: 2,
      logger: silentLogger,
      run: async (job) => {
        started.push(job);
        await gate;
      },
    });
    ({ server, url } = await startIntake(scheduler, localPreviewer()));
  });
  afterEach(async () => {
    release();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (job: unknown, token: string) =>
    fetch(`${url}/v1/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(job),
    });

  it("accepts a job with a valid token and runs it once despite a duplicate delivery", async () => {
    const job = newJob();
    const first = await post(job, await jobToken(SECRET, job));
    expect(first.status).toBe(202);
    const again = await post(job, await jobToken(SECRET, job));
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual([job]);
  });

  it.each([
    ["no token", async () => ""],
    ["wrong secret", async (job: JobMessage) => jobToken("y".repeat(40), job)],
    [
      "wrong audience",
      async (job: JobMessage) => jobToken(SECRET, job, { audience: "enclave-edge" }),
    ],
    ["wrong issuer", async (job: JobMessage) => jobToken(SECRET, job, { issuer: "someone" })],
    [
      "another deployment",
      async (job: JobMessage) => jobToken(SECRET, job, { subject: testId("dep") }),
    ],
    ["expired", async (job: JobMessage) => jobToken(SECRET, job, { expiresIn: "-10s" })],
    ["too long-lived", async (job: JobMessage) => jobToken(SECRET, job, { expiresIn: "5m" })],
    ["alg none", async (job: JobMessage) => unsignedToken(job)],
    ["a detection token", async () => detectionToken(SECRET, testId("org"))],
  ])("refuses a job with %s", async (_, token) => {
    const job = newJob();
    const response = await post(job, await token(job));
    expect(response.status).toBe(401);
    expect(started).toEqual([]);
  });

  it("refuses a body that is not a job message", async () => {
    const job = newJob();
    const response = await post({ ...job, extra: 1 }, await jobToken(SECRET, job));
    expect(response.status).toBe(400);
  });

  it("answers refusals as the Worker does: RFC 9457 problems from its closed set of codes", async () => {
    const job = newJob();
    const token = await jobToken(SECRET, job);
    const send = (body: string, auth = token) =>
      fetch(`${url}/v1/jobs`, {
        method: "POST",
        headers: { authorization: `Bearer ${auth}`, "content-type": "application/json" },
        body,
      });
    const cases: [Promise<Response>, number, string][] = [
      [send(JSON.stringify(job), "not.a.token"), 401, "unauthenticated"],
      [send("{not json"), 400, "malformed_body"],
      [send(JSON.stringify({ ...job, attempt: "one" })), 400, "validation_failed"],
      [send(JSON.stringify({ ...job, padding: "x".repeat(20_000) })), 413, "payload_too_large"],
      [fetch(`${url}/v1/nothing`), 404, "not_found"],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      expect(response.status, code).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({
        type: `https://enclave.dev/problems/${code}`,
        title: expect.any(String),
        status,
        code,
        detail: expect.any(String),
        instance: expect.stringMatching(/^\/v1\//),
        requestId: expect.stringMatching(/.+/),
      });
    }
    expect(started).toEqual([]);
  });

  it("serves health and Prometheus metrics", async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
  });
});

describe("detection previews", () => {
  let server: Server;
  let url: string;
  let started: JobMessage[];
  const organizationId = testId("org");
  const sampleDir = join(import.meta.dirname, "../fixtures/sample-app");
  const sampleApp = () =>
    gitRepository(
      Object.fromEntries(
        readdirSync(sampleDir).map((file) => [file, readFileSync(join(sampleDir, file), "utf8")]),
      ),
    );

  beforeEach(async () => {
    started = [];
    const scheduler = new JobScheduler({
      concurrency: 1,
      logger: silentLogger,
      run: async (job) => {
        started.push(job);
      },
    });
    ({ server, url } = await startIntake(scheduler, localPreviewer()));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const preview = async (body: unknown, token?: string) =>
    fetch(`${url}/v1/detections`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token ?? (await detectionToken(SECRET, organizationId))}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });

  it("detects the sample app from a git repository: language, start command and port, with evidence", async () => {
    const res = await preview({
      sources: [{ type: "git", url: await sampleApp(), ref: "main", path: "." }],
      timeoutSeconds: 20,
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: unknown[] };
    expect(results).toEqual([
      {
        status: "detected",
        detection: expect.objectContaining({
          languages: [
            expect.objectContaining({
              value: "Node.js",
              evidence: [{ file: "package.json", signal: "package.json" }],
            }),
          ],
          startCommand: expect.objectContaining({
            value: "npm run start",
            evidence: [{ file: "package.json", signal: "scripts.start: node server.js" }],
          }),
          port: expect.objectContaining({
            value: 3000,
            evidence: [expect.objectContaining({ file: "package.json" })],
          }),
          template: "node-server",
        }),
      },
    ]);
    expect(started).toEqual([]);
  });

  it("answers each source in order: a missing path is path_not_found beside a detected app", async () => {
    const repository = await sampleApp();
    const res = await preview({
      sources: [
        { type: "git", url: repository, path: "services/missing" },
        { type: "git", url: repository, path: "." },
      ],
      timeoutSeconds: 20,
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { status: string; code?: string }[] };
    expect(results.map((result) => result.code ?? result.status)).toEqual([
      "path_not_found",
      "detected",
    ]);
    expect(results[0]).toMatchObject({ message: expect.stringContaining("services/missing") });
  });

  it("reads sources as the pipeline does: a live runner refuses a file URL", async () => {
    const scheduler = new JobScheduler({
      concurrency: 1,
      logger: silentLogger,
      run: async () => {},
    });
    const live = await startIntake(
      scheduler,
      detectionPreviewer({
        analyzer: detectAndGenerate(tmpdir(), "live"),
        concurrency: 1,
        logger: silentLogger,
      }),
    );
    try {
      const res = await fetch(`${live.url}/v1/detections`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await detectionToken(SECRET, organizationId)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          sources: [{ type: "git", url: await sampleApp(), path: "." }],
          timeoutSeconds: 20,
        }),
      });
      expect(await res.json()).toMatchObject({
        results: [{ status: "failed", code: "source_refused" }],
      });
    } finally {
      await new Promise((resolve) => live.server.close(resolve));
    }
  });

  it("stops waiting for detection when the edge's request goes away", async () => {
    let seen: AbortSignal | undefined;
    const scheduler = new JobScheduler({
      concurrency: 1,
      logger: silentLogger,
      run: async () => {},
    });
    const waiting = await startIntake(scheduler, {
      preview: (_, signal) => {
        seen = signal;
        return new Promise((resolve) =>
          signal.addEventListener("abort", () => resolve([]), { once: true }),
        );
      },
    });
    try {
      const edge = new AbortController();
      const pending = fetch(`${waiting.url}/v1/detections`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await detectionToken(SECRET, organizationId)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          sources: [{ type: "git", url: "file:///nowhere", path: "." }],
          timeoutSeconds: 20,
        }),
        signal: edge.signal,
      });
      await vi.waitFor(() => expect(seen).toBeDefined());
      edge.abort();
      await expect(pending).rejects.toThrow();
      await vi.waitFor(() => expect(seen?.aborted).toBe(true));
    } finally {
      await new Promise((resolve) => waiting.server.close(resolve));
    }
  });

  it.each([
    ["no token", async () => ""],
    ["a wrong secret", async () => detectionToken("y".repeat(40), organizationId)],
    ["a job token", async () => jobToken(SECRET, newJob())],
    [
      "a token of another type",
      async () => detectionToken(SECRET, organizationId, { type: "provision" }),
    ],
    ["an expired token", async () => detectionToken(SECRET, organizationId, { expiresIn: "-10s" })],
    ["a token for no organization", async () => detectionToken(SECRET, "acme")],
  ])("refuses a request with %s", async (_, token) => {
    const res = await preview(
      { sources: [{ type: "git", url: "file:///nowhere", path: "." }], timeoutSeconds: 5 },
      await token(),
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses a body that is not a detection request", async () => {
    const tooMany = Array.from({ length: 21 }, () => ({
      type: "git",
      url: "file:///nowhere",
      path: ".",
    }));
    for (const body of [
      { sources: [], timeoutSeconds: 5 },
      { sources: tooMany, timeoutSeconds: 5 },
      { sources: [{ type: "image", image: "nginx:1" }], timeoutSeconds: 5 },
      { sources: [{ type: "git", url: "file:///nowhere", path: "." }], timeoutSeconds: 600 },
    ]) {
      const res = await preview(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(await res.json()).toMatchObject({ code: "validation_failed" });
    }
  });
});

describe("job scheduler", () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };

  it("never interleaves one tenant's jobs and bounds global concurrency", async () => {
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const scheduler = new JobScheduler({
      concurrency: 2,
      logger: silentLogger,
      run: async (job) => {
        log.push(`start ${job.deploymentId}`);
        const gate = deferred();
        gates.set(job.deploymentId, gate);
        await gate.promise;
        log.push(`end ${job.deploymentId}`);
      },
    });
    const tenantA = testId("ten");
    const a1 = newJob({ tenantId: tenantA });
    const a2 = newJob({ tenantId: tenantA });
    const b1 = newJob();
    const c1 = newJob();
    for (const job of [a1, a2, b1, c1]) expect(scheduler.submit(job)).toBe("accepted");
    await new Promise((resolve) => setImmediate(resolve));
    expect(scheduler.running).toBe(2);
    expect(log).toEqual([`start ${a1.deploymentId}`, `start ${b1.deploymentId}`]);
    gates.get(a1.deploymentId)?.resolve();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The freed slot goes to the waiting tenant C before tenant A's second job.
    expect(log.at(-1)).toBe(`start ${c1.deploymentId}`);
    gates.get(b1.deploymentId)?.resolve();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log.at(-1)).toBe(`start ${a2.deploymentId}`);
    for (const gate of gates.values()) gate.resolve();
    await scheduler.close(1000);
  });

  it("hands back queued work and what outlives the grace period, which it aborts", async () => {
    const tenant = testId("ten");
    let aborted = false;
    const scheduler = new JobScheduler({
      concurrency: 1,
      logger: silentLogger,
      run: (_, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve();
          });
        }),
    });
    const running = newJob({ tenantId: tenant });
    scheduler.submit(running);
    const queued = newJob({ tenantId: tenant });
    scheduler.submit(queued);
    const { handedBack } = await scheduler.close(10);
    expect(handedBack).toEqual([queued, running]);
    expect(aborted).toBe(true);
    expect(scheduler.submit(newJob())).toBe("shutting-down");
  });
});

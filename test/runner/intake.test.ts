import type { Server } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobScheduler } from "../../runner/intake/scheduler.ts";
import { createIntakeServer, listen } from "../../runner/intake/server.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import { RunnerMetrics } from "../../runner/metrics/registry.ts";
import type { JobMessage } from "../../worker/contracts/index.ts";
import { testId, unreachableKube } from "./support/fixtures.ts";
import { jobToken, unsignedToken } from "./support/job-token.ts";

const SECRET = "job-token-secret-for-tests-0123456789abc";

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
    ({ server } = createIntakeServer({
      host: "127.0.0.1",
      port: 0,
      jobTokenSecret: SECRET,
      scheduler,
      metrics: new RunnerMetrics(),
      logger: silentLogger,
      kube: unreachableKube(),
    }));
    url = await listen(server, "127.0.0.1", 0);
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

  it("hands back queued work and aborts what outlives the grace period", async () => {
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
    scheduler.submit(newJob({ tenantId: tenant }));
    const queued = newJob({ tenantId: tenant });
    scheduler.submit(queued);
    const { handedBack } = await scheduler.close(10);
    expect(handedBack).toEqual([queued]);
    expect(aborted).toBe(true);
    expect(scheduler.submit(newJob())).toBe("shutting-down");
  });
});

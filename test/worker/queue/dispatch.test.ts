import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  EDGE_ISSUER,
  JOB_TOKEN_AUDIENCE,
  type JobMessage,
} from "../../../worker/contracts/index.ts";
import { handleQueue } from "../../../worker/queue/consumer.ts";
import { workerEnv } from "../harness.ts";
import { mockRunner } from "../support/runner-mock.ts";
import { readDeployment, readTenant, type Seeded, seedDeployment } from "../support/seed.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const jobOf = (seeded: Seeded, attempt = 1): JobMessage => ({
  type: "provision",
  deploymentId: seeded.deploymentId,
  tenantId: seeded.tenantId,
  attempt,
});

const deliver = async (queue: string, messages: { job: JobMessage; deliveries?: number }[]) => {
  const batch = createMessageBatch<JobMessage>(
    queue,
    messages.map(({ job, deliveries }, i) => ({
      id: `msg-${i}`,
      timestamp: new Date(),
      attempts: deliveries ?? 1,
      body: job,
    })),
  );
  // The plugin's QueueResult does not record retry options, so the calls are observed directly.
  const retries = batch.messages.map((message) => vi.spyOn(message, "retry"));
  const ctx = createExecutionContext();
  await handleQueue(batch, workerEnv);
  const result = await getQueueResult(batch, ctx);
  const retryDelays = retries.map((spy) => spy.mock.calls[0]?.[0]?.delaySeconds);
  return { ...result, retryDelays };
};

const progressOf = (deploymentId: string) =>
  env.PROGRESS.get(env.PROGRESS.idFromName(deploymentId));

describe("job dispatch", () => {
  it("posts the job to the runner with a job token and acks on 202", async () => {
    const seeded = await seedDeployment();
    const calls = mockRunner(() => 202);
    const result = await deliver("enclave-jobs", [{ job: jobOf(seeded) }]);

    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(`${env.RUNNER_URL}/v1/jobs`);
    expect(call?.body).toEqual(jobOf(seeded));
    const token = call?.authorization?.replace(/^Bearer /, "") ?? "";
    const { payload } = await jwtVerify(token, new TextEncoder().encode(env.JOB_TOKEN_SECRET), {
      issuer: EDGE_ISSUER,
      audience: JOB_TOKEN_AUDIENCE,
      algorithms: ["HS256"],
    });
    expect(payload.sub).toBe(seeded.deploymentId);
  });

  it("arms the watchdog once the runner has the job", async () => {
    const seeded = await seedDeployment();
    mockRunner(() => 202);
    await deliver("enclave-jobs", [{ job: jobOf(seeded) }]);
    const alarm = await runInDurableObject(progressOf(seeded.deploymentId), (_, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).toEqual(expect.any(Number));
  });

  it("retries a 5xx answer with a delay that grows with each delivery, up to the maximum", async () => {
    const seeded = await seedDeployment();
    mockRunner(() => 503);
    const delays: (number | undefined)[] = [];
    for (const deliveries of [1, 2, 3, 20]) {
      const result = await deliver("enclave-jobs", [{ job: jobOf(seeded), deliveries }]);
      expect(result.explicitAcks).toEqual([]);
      delays.push(result.retryDelays[0]);
    }
    expect(delays).toEqual([2, 4, 8, 300]);
    expect((await readDeployment(seeded.deploymentId)).status).toBe("queued");
  });

  it("retries when the runner is unreachable", async () => {
    const seeded = await seedDeployment();
    mockRunner(() => new TypeError("connection refused"));
    const result = await deliver("enclave-jobs", [{ job: jobOf(seeded), deliveries: 2 }]);
    expect(result.retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(result.retryDelays).toEqual([4]);
  });

  it("acks or retries each message of a batch on its own", async () => {
    const healthy = await seedDeployment();
    const unlucky = await seedDeployment();
    mockRunner((call) =>
      (call.body as JobMessage).deploymentId === healthy.deploymentId ? 202 : 500,
    );
    const result = await deliver("enclave-jobs", [
      { job: jobOf(healthy) },
      { job: jobOf(unlucky) },
    ]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["msg-1"]);
  });

  it("drops jobs of an attempt the watchdog has superseded, or of a finished deployment", async () => {
    const superseded = await seedDeployment({ attempt: 2 });
    const finished = await seedDeployment({ status: "ready" });
    const calls = mockRunner(() => 202);
    const result = await deliver("enclave-jobs", [
      { job: jobOf(superseded, 1) },
      { job: jobOf(finished) },
    ]);
    expect(result.explicitAcks.sort()).toEqual(["msg-0", "msg-1"]);
    expect(calls).toEqual([]);
  });

  it("acks the job of a deployment cancelled while queued without handing it to a runner", async () => {
    const seeded = await seedDeployment();
    expect(await progressOf(seeded.deploymentId).cancel(seeded.ref)).toBe("cancelled");
    const calls = mockRunner(() => 202);
    const result = await deliver("enclave-jobs", [{ job: jobOf(seeded) }]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(calls).toEqual([]);
    expect((await readDeployment(seeded.deploymentId)).status).toBe("cancelled");
  });

  it("fails the deployment at once when the runner refuses the job for good", async () => {
    const seeded = await seedDeployment();
    mockRunner(() => 401);
    const result = await deliver("enclave-jobs", [{ job: jobOf(seeded) }]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    const row = await readDeployment(seeded.deploymentId);
    expect(row.status).toBe("failed");
    expect(row.status_reason).toContain("401");
  });
});

describe("dead-letter queue", () => {
  it("fails the deployment and the never-ready tenant with a clear reason and a terminal event", async () => {
    const seeded = await seedDeployment();
    const result = await deliver("enclave-jobs-dlq", [{ job: jobOf(seeded) }]);
    expect(result.explicitAcks).toEqual(["msg-0"]);

    const deployment = await readDeployment(seeded.deploymentId);
    expect(deployment.status).toBe("failed");
    expect(deployment.status_reason).toMatch(/runner could not be reached/);
    expect(deployment.finished_at).toEqual(expect.any(String));
    const tenant = await readTenant(seeded.tenantId);
    expect(tenant.status).toBe("failed");
    expect(tenant.status_reason).toMatch(/runner could not be reached/);

    const sse = await progressOf(seeded.deploymentId).fetch("https://progress.internal/events");
    const text = await sse.text();
    expect(text).toContain('"type":"deployment.failed"');
    expect(text).toContain("event: end");
  });

  it("leaves a tenant that was ready before serving", async () => {
    const seeded = await seedDeployment({
      tenantStatus: "active",
      readyAt: new Date().toISOString(),
    });
    await deliver("enclave-jobs-dlq", [{ job: jobOf(seeded) }]);
    expect((await readDeployment(seeded.deploymentId)).status).toBe("failed");
    expect((await readTenant(seeded.tenantId)).status).toBe("active");
  });

  it("ignores dead letters of a superseded attempt", async () => {
    const seeded = await seedDeployment({ attempt: 2, status: "running" });
    const result = await deliver("enclave-jobs-dlq", [{ job: jobOf(seeded, 1) }]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect((await readDeployment(seeded.deploymentId)).status).toBe("running");
  });
});

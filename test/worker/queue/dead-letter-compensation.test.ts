import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeploymentSpec, JobMessage } from "../../../worker/contracts/index.ts";
import { handleQueue } from "../../../worker/queue/consumer.ts";
import { bearer, request, workerEnv } from "../harness.ts";
import { claimSpec } from "../support/runner-api.ts";
import { mockRunner } from "../support/runner-mock.ts";
import { signRunnerToken } from "../support/runner-token.ts";
import { readDeployment, type Seeded, seedDeployment } from "../support/seed.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const jobOf = (seeded: Seeded, type: JobMessage["type"] = "provision"): JobMessage => ({
  type,
  deploymentId: seeded.deploymentId,
  tenantId: seeded.tenantId,
  attempt: 1,
});

const deliver = async (queue: string, job: JobMessage) => {
  const batch = createMessageBatch<JobMessage>(queue, [
    { id: "msg-0", timestamp: new Date(), attempts: 1, body: job },
  ]);
  const ctx = createExecutionContext();
  await handleQueue(batch, workerEnv);
  return getQueueResult(batch, ctx);
};

const captureJobs = () => {
  const sent: JobMessage[] = [];
  vi.spyOn(env.JOBS, "send").mockImplementation(async (message) => {
    sent.push(message as JobMessage);
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as QueueSendResponse;
  });
  return sent;
};

const cleanupSpec = async (deploymentId: string) =>
  request(`/internal/v1/deployments/${deploymentId}/spec?attempt=1&purpose=cleanup`, {
    headers: bearer(await signRunnerToken({ deployment: deploymentId, attempt: 1 })),
  });

describe("dead-letter compensation", () => {
  it("queues a clean-up job for a provision it failed", async () => {
    const seeded = await seedDeployment();
    const sent = captureJobs();
    await deliver("enclave-jobs-dlq", jobOf(seeded));
    expect((await readDeployment(seeded.deploymentId)).status).toBe("failed");
    expect(sent).toEqual([jobOf(seeded, "cleanup")]);
  });

  it("queues nothing for a failed deletion, nor for an attempt a runner holds after all", async () => {
    const deletion = await seedDeployment({ kind: "deprovision" });
    const held = await seedDeployment();
    expect((await claimSpec(held.deploymentId)).status).toBe(200);
    const sent = captureJobs();
    await deliver("enclave-jobs-dlq", jobOf(deletion, "deprovision"));
    await deliver("enclave-jobs-dlq", jobOf(held));
    expect(sent).toEqual([]);
    expect((await readDeployment(held.deploymentId)).status).toBe("queued");
  });

  it("dispatches the clean-up job of a failed deployment to the runner, and drops a dead one", async () => {
    const seeded = await seedDeployment({ status: "failed" });
    const calls = mockRunner(() => 202);
    expect((await deliver("enclave-jobs", jobOf(seeded, "cleanup"))).explicitAcks).toEqual([
      "msg-0",
    ]);
    expect(calls.map((call) => call.body)).toEqual([jobOf(seeded, "cleanup")]);
    const sent = captureJobs();
    expect((await deliver("enclave-jobs-dlq", jobOf(seeded, "cleanup"))).explicitAcks).toEqual([
      "msg-0",
    ]);
    expect(sent).toEqual([]);
  });

  it("gives the clean-up spec of a failed deployment without env, and refuses an active one", async () => {
    const failed = await seedDeployment({
      status: "failed",
      serviceEnv: { TOKEN: "s3cret-value" },
    });
    const res = await cleanupSpec(failed.deploymentId);
    expect(res.status).toBe(200);
    const spec = (await res.json()) as DeploymentSpec;
    expect(spec.services.map((service) => service.env)).toEqual([{}]);
    expect(JSON.stringify(spec)).not.toContain("s3cret-value");

    const active = await seedDeployment();
    expect((await cleanupSpec(active.deploymentId)).status).toBe(409);
  });
});

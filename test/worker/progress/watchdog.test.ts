import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JobMessage } from "../../../worker/contracts/index.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { readDeployment, readTenant, seedDeployment } from "../support/seed.ts";

const WATCHDOG_MS = 120_000;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const progressOf = (deploymentId: string) =>
  env.PROGRESS.get(env.PROGRESS.idFromName(deploymentId));

/** Jobs the watchdog queues, kept off the real Queue so no consumer picks them up. */
const captureJobs = () => {
  const sent: JobMessage[] = [];
  vi.spyOn(env.JOBS, "send").mockImplementation(async (message) => {
    sent.push(message as JobMessage);
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as QueueSendResponse;
  });
  return sent;
};

const advancePastWatchdog = () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + WATCHDOG_MS + 1_000);
};

const eventMessages = async (deploymentId: string) =>
  runInDurableObject(progressOf(deploymentId), (_, state) =>
    state.storage.sql
      .exec<{ body: string }>("SELECT body FROM events ORDER BY id")
      .toArray()
      .map((row) => JSON.parse(row.body) as { type: string; attempt: number; message: string }),
  );

describe("watchdog", () => {
  it("does nothing while the runner reports within the configured time", async () => {
    const seeded = await seedDeployment();
    const sent = captureJobs();
    await progressOf(seeded.deploymentId).dispatched(seeded.ref);
    expect(await runDurableObjectAlarm(progressOf(seeded.deploymentId))).toBe(true);
    expect(sent).toEqual([]);
    expect((await readDeployment(seeded.deploymentId)).attempt).toBe(1);
  });

  it("dispatches a silent deployment again on the next attempt", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureJobs();
    await reportEvents(id, [progressEvent(id)]);
    expect((await readDeployment(id)).status).toBe("running");

    advancePastWatchdog();
    expect(await runDurableObjectAlarm(progressOf(id))).toBe(true);

    expect(sent).toEqual([
      { type: "provision", deploymentId: id, tenantId: seeded.tenantId, attempt: 2 },
    ]);
    const row = await readDeployment(id);
    expect(row).toMatchObject({ attempt: 2, status: "queued" });
    const log = await eventMessages(id);
    expect(log.at(-1)).toMatchObject({ type: "stage.log", attempt: 2 });
    expect(log.at(-1)?.message).toMatch(/dispatching attempt 2/);
  });

  it("ends a cancelled deployment whose runner went silent instead of dispatching it again", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureJobs();
    await reportEvents(id, [progressEvent(id)]);
    expect(await progressOf(id).cancel(seeded.ref)).toBe("requested");

    advancePastWatchdog();
    expect(await runDurableObjectAlarm(progressOf(id))).toBe(true);

    expect(sent).toEqual([]);
    expect(await readDeployment(id)).toMatchObject({ attempt: 1, status: "cancelled" });
    expect((await eventMessages(id)).at(-1)).toMatchObject({ type: "deployment.cancelled" });
  });

  it("fails the deployment and the never-ready tenant after the last attempt", async () => {
    const seeded = await seedDeployment({ attempt: 3, status: "running" });
    const id = seeded.deploymentId;
    const sent = captureJobs();
    await reportEvents(id, [progressEvent(id, { attempt: 3 })]);

    advancePastWatchdog();
    expect(await runDurableObjectAlarm(progressOf(id))).toBe(true);

    expect(sent).toEqual([]);
    const row = await readDeployment(id);
    expect(row.status).toBe("failed");
    expect(row.status_reason).toMatch(/No progress from the runner .* attempt 3 of 3/);
    expect((await readTenant(seeded.tenantId)).status).toBe("failed");
    expect((await eventMessages(id)).at(-1)?.type).toBe("deployment.failed");
  });

  it("stops watching once the deployment ended", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureJobs();
    await progressOf(id).dispatched(seeded.ref);
    await progressOf(id).fail(seeded.ref, "given up");
    advancePastWatchdog();
    await runDurableObjectAlarm(progressOf(id));
    expect(sent).toEqual([]);
    expect((await readDeployment(id)).status_reason).toBe("given up");
  });
});

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JobMessage } from "../../../worker/contracts/index.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, postEvents, postHeartbeat, postRelease } from "../support/runner-api.ts";
import { readDeployment, seedDeployment } from "../support/seed.ts";

/** The default `timeouts.watchdogSeconds` and `timeouts.queuedSeconds`. */
const WATCHDOG_MS = 120_000;
const QUEUED_MS = 600_000;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const progressOf = (deploymentId: string) =>
  env.PROGRESS.get(env.PROGRESS.idFromName(deploymentId));

const captureJobs = () => {
  const sent: JobMessage[] = [];
  vi.spyOn(env.JOBS, "send").mockImplementation(async (message) => {
    sent.push(message as JobMessage);
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as QueueSendResponse;
  });
  return sent;
};

const advance = (ms: number) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
};

const messages = (deploymentId: string) =>
  runInDurableObject(progressOf(deploymentId), (_, state) =>
    state.storage.sql
      .exec<{ body: string }>("SELECT body FROM events ORDER BY id")
      .toArray()
      .map((row) => (JSON.parse(row.body) as { message: string }).message),
  );

const alive = async (res: Response) => {
  expect(res.status).toBe(200);
  return ((await res.json()) as { alive: boolean }).alive;
};

describe("waiting is not silence", () => {
  it("gives a dispatched attempt no runner has started the queued allowance, not the watchdog's", async () => {
    const seeded = await seedDeployment();
    const sent = captureJobs();
    await progressOf(seeded.deploymentId).dispatched(seeded.ref);
    advance(WATCHDOG_MS + 1_000);
    await runDurableObjectAlarm(progressOf(seeded.deploymentId));
    expect(sent).toEqual([]);
    advance(QUEUED_MS);
    await runDurableObjectAlarm(progressOf(seeded.deploymentId));
    expect(sent).toEqual([expect.objectContaining({ attempt: 2 })]);
    expect((await messages(seeded.deploymentId)).at(-1)).toMatch(
      /No runner started attempt 1 within 600 s; dispatching attempt 2/,
    );
  });

  it("logs a queued job's position when it changes, and its beats keep the watchdog away", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureJobs();
    await progressOf(id).dispatched(seeded.ref);
    for (const position of [3, 3, 1]) {
      advance(QUEUED_MS - 60_000);
      expect(await alive(await postHeartbeat(id, { attempt: 1, state: "queued", position }))).toBe(
        true,
      );
      await runDurableObjectAlarm(progressOf(id));
    }
    expect(sent).toEqual([]);
    expect(await messages(id)).toEqual([
      "queued on the runner: position 3, waiting for a free slot",
      "queued on the runner: position 1, waiting for a free slot",
    ]);
  });

  it("keeps a started job that is busy but quiet alive through running heartbeats", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureJobs();
    expect((await claimSpec(id, 1)).status).toBe(200);
    for (let beat = 0; beat < 3; beat++) {
      advance(WATCHDOG_MS - 10_000);
      expect(await alive(await postHeartbeat(id, { attempt: 1, state: "running" }))).toBe(true);
      await runDurableObjectAlarm(progressOf(id));
    }
    expect(sent).toEqual([]);
    advance(WATCHDOG_MS + 1_000);
    await runDurableObjectAlarm(progressOf(id));
    expect(sent).toEqual([expect.objectContaining({ attempt: 2 })]);
  });

  it("tells a runner to drop a job it does not hold: another runner's, stale or ended", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    expect((await claimSpec(id, 1, "runner-a")).status).toBe(200);
    expect(await alive(await postHeartbeat(id, { attempt: 1, state: "running" }, "runner-b"))).toBe(
      false,
    );
    expect(
      await alive(
        await postHeartbeat(id, { attempt: 1, state: "queued", position: 1 }, "runner-b"),
      ),
    ).toBe(false);
    const failed = progressEvent(id, { type: "deployment.failed", stage: null });
    expect((await postEvents(id, [failed], "runner-a")).status).toBe(202);
    expect(await alive(await postHeartbeat(id, { attempt: 1, state: "running" }, "runner-a"))).toBe(
      false,
    );
  });

  it("does not let the dead-letter queue fail an attempt a runner reports queued", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    await postHeartbeat(id, { attempt: 1, state: "queued", position: 2 });
    expect(await progressOf(id).fail(seeded.ref, "dispatch failed")).toBe(false);
    expect((await readDeployment(id)).status).toBe("queued");
  });
});

describe("handing an attempt back", () => {
  it("dispatches the next attempt at once when its holder hands it back", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureJobs();
    expect((await claimSpec(id, 1)).status).toBe(200);
    const res = await postRelease(id, 1);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ redispatched: true });
    expect(sent).toEqual([
      { type: "provision", deploymentId: id, tenantId: seeded.tenantId, attempt: 2 },
    ]);
    expect(await readDeployment(id)).toMatchObject({ attempt: 2, status: "queued" });
    expect((await messages(id)).at(-1)).toMatch(/handed attempt 1 back: shutting down/);
  });

  it("refuses a runner that does not hold the attempt, and a stale attempt", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    const sent = captureJobs();
    expect((await claimSpec(id, 1, "runner-a")).status).toBe(200);
    expect(await (await postRelease(id, 1, "runner-b")).json()).toEqual({ redispatched: false });
    expect(await (await postRelease(id, 1, "runner-a")).json()).toEqual({ redispatched: true });
    expect((await postRelease(id, 1, "runner-a")).status).toBe(403);
    expect(sent).toHaveLength(1);
  });
});

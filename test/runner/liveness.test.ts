import { afterEach, describe, expect, it, vi } from "vitest";
import { handBack } from "../../runner/intake/hand-back.ts";
import { startHeartbeats } from "../../runner/intake/heartbeats.ts";
import { JobScheduler } from "../../runner/intake/scheduler.ts";
import { silentLogger } from "../../runner/log/logger.ts";
import type { JobMessage } from "../../worker/contracts/index.ts";
import { testId } from "./support/fixtures.ts";

const newJob = (tenantId = testId("ten")): JobMessage => ({
  type: "provision",
  deploymentId: testId("dep"),
  tenantId,
  attempt: 1,
});

/** A scheduler whose jobs run until the test ends them. */
const blockedScheduler = (concurrency: number) => {
  const finish: (() => void)[] = [];
  const scheduler = new JobScheduler({
    concurrency,
    logger: silentLogger,
    run: (_, signal) =>
      new Promise<void>((resolve) => {
        finish.push(resolve);
        signal.addEventListener("abort", () => resolve());
      }),
  });
  return {
    scheduler,
    finishAll: () => {
      for (const f of finish.splice(0)) f();
    },
  };
};

afterEach(() => {
  vi.useRealTimers();
});

describe("the runner's queue reports what waits", () => {
  it("numbers queued jobs in the order they will start: tenants take turns", async () => {
    const { scheduler, finishAll } = blockedScheduler(1);
    const a = testId("ten");
    const [a1, a2, a3, b1, c1] = [newJob(a), newJob(a), newJob(a), newJob(), newJob()];
    for (const job of [a1, a2, a3, b1, c1]) scheduler.submit(job as JobMessage);
    const { running, queued } = scheduler.snapshot();
    expect(running).toEqual([a1]);
    expect(queued.map(({ job, position }) => [job.deploymentId, position])).toEqual([
      [a2?.deploymentId, 1],
      [b1?.deploymentId, 2],
      [c1?.deploymentId, 3],
      [a3?.deploymentId, 4],
    ]);
    finishAll();
    await scheduler.close(10);
  });

  it("beats for running jobs every interval and for a queued job when first seen, then at its own pace", async () => {
    vi.useFakeTimers();
    const { scheduler, finishAll } = blockedScheduler(1);
    const running = newJob();
    const queued = newJob();
    scheduler.submit(running);
    scheduler.submit(queued);
    const beats: string[] = [];
    const heartbeats = startHeartbeats({
      snapshot: () => scheduler.snapshot(),
      send: async (id, beat) => {
        beats.push(
          `${id === running.deploymentId ? "running" : "queued"} ${beat.state} ${beat.position ?? "-"}`,
        );
        return true;
      },
      logger: silentLogger,
      runningMs: 1_000,
      queuedMs: 3_000,
    });
    for (let tick = 0; tick < 4; tick++) await vi.advanceTimersByTimeAsync(1_000);
    heartbeats.stop();
    expect(beats).toEqual([
      "running running -",
      "queued queued 1",
      "running running -",
      "running running -",
      "running running -",
      "queued queued 1",
    ]);
    finishAll();
    await scheduler.close(10);
  });

  it("keeps beating when the edge cannot be reached", async () => {
    vi.useFakeTimers();
    const { scheduler, finishAll } = blockedScheduler(1);
    scheduler.submit(newJob());
    let calls = 0;
    const heartbeats = startHeartbeats({
      snapshot: () => scheduler.snapshot(),
      send: async () => {
        calls++;
        throw new Error("edge down");
      },
      logger: silentLogger,
      runningMs: 1_000,
      queuedMs: 3_000,
    });
    await vi.advanceTimersByTimeAsync(3_000);
    heartbeats.stop();
    expect(calls).toBe(3);
    finishAll();
    await scheduler.close(10);
  });
});

describe("handing jobs back on shutdown", () => {
  it("returns every unfinished job to the edge, and one failed call does not stop the others", async () => {
    const jobs = [newJob(), newJob(), newJob()];
    const released: string[] = [];
    await handBack(jobs, {
      release: async (job, reason) => {
        expect(reason).toMatch(/shutting down/);
        if (job === jobs[1]) throw new Error("edge down");
        released.push(job.deploymentId);
        return true;
      },
      logger: silentLogger,
    });
    expect(released).toEqual([jobs[0]?.deploymentId, jobs[2]?.deploymentId]);
  });
});

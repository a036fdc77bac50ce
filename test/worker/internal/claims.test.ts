import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeploymentSpec } from "../../../worker/contracts/index.ts";
import { progressStub } from "../../../worker/progress/deployment-ref.ts";
import { problem, workerEnv } from "../harness.ts";
import { progressEvent, steps } from "../support/events.ts";
import { claimSpec, postEvents } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";

/** The default `timeouts.watchdogSeconds`: how long a claim outlives its holder's silence. */
const LEASE_MS = 120_000;
const A = "runner-a";
const B = "runner-b";

afterEach(() => {
  vi.useRealTimers();
});

/** Moves the clock the edge (and the progress object) sees, the way the watchdog tests do. */
const advance = (ms: number) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
};

const refusal = async (res: Response) => {
  expect(res.status).toBe(409);
  const body = await problem(res);
  expect(body.code).toBe("invalid_state");
  return String(body.detail);
};

const loggedSeqs = (deploymentId: string) =>
  runInDurableObject(progressStub(workerEnv, deploymentId), (_, state) =>
    state.storage.sql
      .exec<{ seq: number }>("SELECT seq FROM events WHERE origin = 'runner' ORDER BY id")
      .toArray()
      .map((row) => row.seq),
  );

describe("claiming an attempt (GET spec)", () => {
  it("grants an unclaimed attempt, and grants it again to the same runner", async () => {
    const { deploymentId } = await seedDeployment();
    const first = await claimSpec(deploymentId, 1, A);
    expect(first.status).toBe(200);
    expect(((await first.json()) as DeploymentSpec).progress).toEqual({ nextSeq: 0 });
    expect((await claimSpec(deploymentId, 1, A)).status).toBe(200);
  });

  it("refuses another runner while the holder's lease is live, naming the holder", async () => {
    const { deploymentId } = await seedDeployment();
    expect((await claimSpec(deploymentId, 1, A)).status).toBe(200);
    advance(LEASE_MS - 5_000);
    expect(await refusal(await claimSpec(deploymentId, 1, B))).toBe(
      `Attempt 1 is being run by runner ${A}`,
    );
  });

  it("lets another runner take over after the holder was silent for the watchdog's time", async () => {
    const { deploymentId } = await seedDeployment();
    expect((await claimSpec(deploymentId, 1, A)).status).toBe(200);
    expect((await postEvents(deploymentId, steps(deploymentId, 0, 3), A)).status).toBe(202);
    advance(LEASE_MS + 1_000);
    const taken = await claimSpec(deploymentId, 1, B);
    expect(taken.status).toBe(200);
    expect(((await taken.json()) as DeploymentSpec).progress).toEqual({ nextSeq: 3 });
    // The silent holder is not the holder any more: its late events are refused.
    await refusal(await postEvents(deploymentId, steps(deploymentId, 3, 4), A));
    expect((await postEvents(deploymentId, steps(deploymentId, 3, 5), B)).status).toBe(202);
    expect(await loggedSeqs(deploymentId)).toEqual([0, 1, 2, 3, 4]);
  });

  it("renews the lease with each of the holder's batches", async () => {
    const { deploymentId } = await seedDeployment();
    expect((await claimSpec(deploymentId, 1, A)).status).toBe(200);
    advance(LEASE_MS - 20_000);
    expect((await postEvents(deploymentId, steps(deploymentId, 0, 1), A)).status).toBe(202);
    advance(LEASE_MS - 20_000);
    await refusal(await claimSpec(deploymentId, 1, B));
  });

  it("refuses a stale attempt's token and an attempt the edge has not dispatched", async () => {
    const { deploymentId } = await seedDeployment({ attempt: 2 });
    const stale = await claimSpec(deploymentId, 1, A);
    expect(stale.status).toBe(403);
    expect((await problem(stale)).code).toBe("forbidden");
    expect(await refusal(await claimSpec(deploymentId, 3, A))).toMatch(/Attempt 3 is unknown/);
  });

  it("refuses an attempt that has ended, even to its holder", async () => {
    const { deploymentId } = await seedDeployment();
    expect((await claimSpec(deploymentId, 1, A)).status).toBe(200);
    const ready = progressEvent(deploymentId, { seq: 0, stage: null, type: "deployment.ready" });
    expect((await postEvents(deploymentId, [ready], A)).status).toBe(202);
    expect(await refusal(await claimSpec(deploymentId, 1, A))).toBe("Attempt 1 has already ended");
  });

  it("continues the seq of an attempt after the events the log holds", async () => {
    const { deploymentId } = await seedDeployment();
    await claimSpec(deploymentId, 1, A);
    // Out of order and with a gap: the next execution starts past the highest.
    const events = [...steps(deploymentId, 0, 3), ...steps(deploymentId, 6, 7)];
    expect((await postEvents(deploymentId, events, A)).status).toBe(202);
    const again = (await (await claimSpec(deploymentId, 1, A)).json()) as DeploymentSpec;
    expect(again.progress).toEqual({ nextSeq: 7 });
  });
});

describe("events and claims", () => {
  it("refuses, and does not log, events from a runner that does not hold the attempt", async () => {
    const { deploymentId } = await seedDeployment();
    await claimSpec(deploymentId, 1, A);
    expect(await refusal(await postEvents(deploymentId, steps(deploymentId, 0, 2), B))).toBe(
      `Attempt 1 is claimed by runner ${A}: fetch its spec to claim it`,
    );
    expect(await loggedSeqs(deploymentId)).toEqual([]);
    const holder = await postEvents(deploymentId, steps(deploymentId, 0, 2), A);
    expect(await holder.json()).toEqual({ accepted: 2, duplicates: 0, stale: 0, cancelled: false });
  });

  it("refuses events of an attempt nobody claimed", async () => {
    const { deploymentId } = await seedDeployment();
    await refusal(await postEvents(deploymentId, steps(deploymentId, 0, 1), A));
    expect(await loggedSeqs(deploymentId)).toEqual([]);
  });
});

/**
 * Redeliveries, shutdowns and crashes through the real processes: wrangler dev (the edge's
 * queue consumer, dead-letter queue and progress objects), two runner processes behind the
 * runner URL, and the embedded cluster.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  delayClusterRequests,
  readEvents,
  startTestStack,
  type TestStack,
} from "../e2e/harness.ts";
import { type RunnerPool, startRunnerPool } from "./runner-pool.ts";
import {
  clusterClients,
  createTenant,
  eventually,
  namespaceExists,
  namespaceOf,
  runnerEvents,
  setConfig,
  stageStarts,
} from "./support.ts";

describe.sequential("two runners behind the edge", () => {
  let stack: TestStack;
  let pool: RunnerPool;

  beforeAll(async () => {
    stack = await startTestStack({
      quiet: true,
      withoutRunner: true,
      clusterEnv: { ENCLAVE_CLUSTER_TIMINGS: "test" },
    });
    pool = await startRunnerPool(stack, {
      runners: 2,
      env: { RUNNER_SHUTDOWN_GRACE_MS: "300", RUNNER_HEARTBEAT_MS: "1000" },
    });
    // Redeliveries a second apart keep the retries (and the dead-letter path) quick.
    await setConfig(stack, "retries", { dispatchBaseDelaySeconds: 1, dispatchMaxDelaySeconds: 1 });
  });
  afterAll(async () => {
    await pool?.close();
    await stack?.dispose();
  });
  afterEach(() => {
    pool.route(() => ({ forward: true }));
  });

  it("runs a job delivered three times (the runner's answer lost twice) once: one tenant, namespace, deployment and set of events", async () => {
    pool.route((job, earlier) =>
      job.type === "provision" && earlier.length < 2
        ? { forward: true, answer: 503 }
        : { forward: true },
    );
    // The job outlasts both redeliveries (1 s apart): one that came after it ended would be
    // acknowledged without reaching a runner, and the job delivered fewer than three times.
    await delayClusterRequests(stack, {
      verb: "patch",
      resource: "deployments",
      latencyMs: 5_000,
      times: 1,
    });
    const created = await createTenant(stack, "thrice");
    const events = await readEvents(stack, created.deployment.id);
    expect(events.at(-1)?.type).toBe("deployment.ready");
    const deliveries = pool.deliveries.filter((d) => d.job.deploymentId === created.deployment.id);
    expect(deliveries.map((d) => [d.job.attempt, d.status])).toEqual([
      [1, 503],
      [1, 503],
      [1, 202],
    ]);
    // Both runners were handed the job; only one ran it.
    expect(new Set(deliveries.map((d) => d.runner)).size).toBe(2);
    const starts = stageStarts(events);
    expect(Object.values(starts).every((count) => count === 1)).toBe(true);
    expect(Object.keys(starts).every((key) => key.startsWith("1:"))).toBe(true);
    expect(runnerEvents(events).filter((e) => e.type === "deployment.ready")).toHaveLength(1);

    const tenants = await stack.api<{ data: { slug: string }[] }>("/v1/tenants?limit=100");
    expect(tenants.body.data.filter((t) => t.slug === "thrice")).toHaveLength(1);
    const history = await stack.api<{ data: unknown[] }>(
      `/v1/tenants/${created.tenant.id}/deployments`,
    );
    expect(history.body.data).toHaveLength(1);
    const { core } = clusterClients(stack);
    const namespaces = await core.listNamespace({
      labelSelector: `enclave.dev/tenant=${created.tenant.id}`,
    });
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toEqual([
      namespaceOf(created.tenant.id),
    ]);
    const ns = namespaceOf(created.tenant.id);
    expect((await core.listNamespacedService({ namespace: ns })).items).toHaveLength(1);
  });

  it("hands a job back when its runner is stopped (SIGTERM) mid-job: the other runner finishes it, each attempt runs once", async () => {
    // Holds the Deployment's apply so the job is mid-deploy when its runner is told to stop.
    await delayClusterRequests(stack, {
      verb: "patch",
      resource: "deployments",
      latencyMs: 2_000,
      times: 1,
    });
    const created = await createTenant(stack, "handed");
    const head = await readEvents(stack, created.deployment.id, {
      until: (e) => e.stage === "deploy" && e.type === "stage.started",
    });
    const holder = pool.deliveries.find(
      (d) => d.job.deploymentId === created.deployment.id && d.status === 202,
    )?.runner;
    expect(holder).toBeTypeOf("number");
    const stoppedAt = Date.now();
    await pool.stop(holder as number, "SIGTERM");
    const tail = await readEvents(stack, created.deployment.id, {
      lastEventId: head.at(-1)?.id,
    });
    await pool.start(holder as number);
    const events = [...head, ...tail];
    expect(events.at(-1)?.type, JSON.stringify(events.slice(-3))).toBe("deployment.ready");
    const attempt2 = pool.deliveries.find(
      (d) => d.job.deploymentId === created.deployment.id && d.job.attempt === 2,
    );
    expect(attempt2?.runner).toBe(1 - (holder as number));
    // Handed back at once, long before the watchdog (120 s) would have noticed.
    expect((attempt2?.at ?? Number.POSITIVE_INFINITY) - stoppedAt).toBeLessThan(30_000);
    expect(events.some((e) => /handed attempt 1 back/.test(e.message))).toBe(true);
    const starts = stageStarts(events);
    expect(
      Object.values(starts).every((count) => count === 1),
      JSON.stringify(starts),
    ).toBe(true);
    expect(starts["2:deploy"]).toBe(1);
  });

  it("fails a job whose dispatch always fails through the dead-letter queue after the configured retries, then removes what its first attempt created", async () => {
    await setConfig(stack, "timeouts", { watchdogSeconds: 5 });
    try {
      await delayClusterRequests(stack, {
        verb: "patch",
        resource: "deployments",
        latencyMs: 3_000,
        times: 1,
      });
      pool.route((job) =>
        job.type === "provision" && job.attempt >= 2
          ? { forward: false, status: 503 }
          : { forward: true },
      );
      const created = await createTenant(stack, "doomed", {
        database: { engine: "postgres", version: "16" },
      });
      const ns = namespaceOf(created.tenant.id);
      const head = await readEvents(stack, created.deployment.id, {
        until: (e) => e.stage === "deploy" && e.type === "stage.started",
      });
      expect(await namespaceExists(stack, ns)).toBe(true);
      const holder = pool.deliveries.find(
        (d) => d.job.deploymentId === created.deployment.id && d.status === 202,
      )?.runner as number;
      await pool.stop(holder, "SIGKILL");
      await pool.start(holder);

      const tail = await readEvents(stack, created.deployment.id, {
        lastEventId: head.at(-1)?.id,
      });
      const last = tail.at(-1);
      expect(last?.type).toBe("deployment.failed");
      expect(last?.message).toMatch(/could not be reached to start attempt 2/);
      const tenant = await stack.api<{ status: string; statusReason: string }>(
        `/v1/tenants/${created.tenant.id}`,
      );
      expect(tenant.body.status).toBe("failed");
      expect(tenant.body.statusReason).toMatch(/could not be reached/);

      const refused = pool.deliveries.filter(
        (d) =>
          d.job.deploymentId === created.deployment.id &&
          d.job.type === "provision" &&
          d.job.attempt === 2,
      );
      // max_retries (wrangler.toml) retries after the first delivery, a second or more apart.
      expect(refused).toHaveLength(6);
      for (let i = 1; i < refused.length; i++) {
        expect((refused[i]?.at ?? 0) - (refused[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
      }
      await eventually(async () => !(await namespaceExists(stack, ns)), 60_000);
      expect(
        pool.deliveries.some(
          (d) => d.job.deploymentId === created.deployment.id && d.job.type === "cleanup",
        ),
      ).toBe(true);
    } finally {
      await setConfig(stack, "timeouts");
    }
  });
});

/**
 * A flaky Kubernetes API: about one request in five fails at random (429 with Retry-After,
 * 500, 503, a dropped connection), every watch ends early and some are answered 410 Gone.
 * Twenty tenants go through the whole stack at once; every one must reach ready, with no
 * object created twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvents, startTestStack, type TestStack } from "../e2e/harness.ts";
import { clusterClients, clusterFaults, createTenant, namespaceOf } from "./support.ts";

const TENANTS = 20;

describe("a Kubernetes API failing at random", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ quiet: true, clusterEnv: { ENCLAVE_CLUSTER_TIMINGS: "test" } });
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it(`provisions ${TENANTS} tenants at once, every one ready and nothing duplicated`, async () => {
    await clusterFaults(stack, "POST", [
      { error: { status: 429, retryAfterSeconds: 1 }, rate: 0.05 },
      { error: { status: 500 }, rate: 0.05 },
      { error: { status: 503 }, rate: 0.05 },
      { drop: true, rate: 0.05 },
      { verb: "watch", error: { status: 410, message: "too old resource version" }, rate: 0.2 },
      { verb: "watch", watchEndAfterMs: 2_000 },
    ]);
    // The faults are live: a plain client sees about one request in five fail.
    const { core, objects } = clusterClients(stack);
    const probes = await Promise.allSettled(Array.from({ length: 50 }, () => core.listNamespace()));
    expect(probes.filter((probe) => probe.status === "rejected").length).toBeGreaterThanOrEqual(3);
    const created = await Promise.all(
      Array.from({ length: TENANTS }, (_, i) => createTenant(stack, `flaky-${i}`)),
    );
    const outcomes = await Promise.all(
      created.map(async (c) =>
        (await readEvents(stack, c.deployment.id, { timeoutMs: 200_000 })).at(-1),
      ),
    );
    await clusterFaults(stack, "DELETE");
    expect(outcomes.map((event) => `${event?.type}: ${event?.message}`)).toEqual(
      created.map(() => expect.stringMatching(/^deployment\.ready/)),
    );
    for (const c of created) {
      const namespace = namespaceOf(c.tenant.id);
      const deployments = await objects.list("apps/v1", "Deployment", namespace);
      expect(deployments.items.map((d) => d.metadata?.name)).toEqual(["web"]);
      const replicaSets = await objects.list("apps/v1", "ReplicaSet", namespace);
      expect(replicaSets.items).toHaveLength(1);
      expect((await core.listNamespacedService({ namespace })).items).toHaveLength(1);
    }
  }, 400_000);
});

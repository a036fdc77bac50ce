import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { DEFAULT_PLANS, type DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

describe("failures", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const namespaceExists = async (spec: DeploymentSpec) =>
    (await harness.kube.read({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: tenantNamespace(spec) },
    })) !== null;

  it("reports a quota too small for the plan clearly", async () => {
    const base = deploymentSpec({ database: null });
    const spec: DeploymentSpec = {
      ...base,
      config: {
        ...base.config,
        plans: {
          ...base.config.plans,
          starter: { ...DEFAULT_PLANS.starter!, limitsMemory: "256Mi" },
        },
      },
    };
    const { events, terminal } = await harness.run(spec);
    expect(terminal?.type).toBe("deployment.failed");
    const failed = events.find((e) => e.type === "stage.failed");
    expect(failed?.stage).toBe("health");
    expect(failed?.message).toMatch(/exceeded quota/);
    expect(failed?.message).toContain("limits.memory");
    expect(await namespaceExists(spec)).toBe(false);
  });

  it("reports a crash-looping pod's reason and last log lines", async () => {
    const spec = deploymentSpec({ database: null });
    const remove = harness.cluster.scripts.add({
      kind: "crashLoop",
      namespace: tenantNamespace(spec),
      workload: "web",
      exitCode: 3,
      logs: ["Error: connect ECONNREFUSED", "process exited"],
    });
    try {
      const { events, terminal } = await harness.run(spec);
      expect(terminal?.type).toBe("deployment.failed");
      const failed = events.find((e) => e.type === "stage.failed");
      expect(failed?.stage).toBe("health");
      expect(failed?.message).toContain("CrashLoopBackOff");
      expect(failed?.message).toContain("ECONNREFUSED");
    } finally {
      remove();
    }
  });

  it("fails a health path that answers an error", async () => {
    const spec = deploymentSpec({ database: null });
    const remove = harness.cluster.scripts.add({
      kind: "httpResponse",
      namespace: tenantNamespace(spec),
      service: "web",
      path: "/healthz",
      status: 500,
    });
    try {
      const { terminal } = await harness.run(spec);
      expect(terminal?.type).toBe("deployment.failed");
      expect(terminal?.message).toContain("web is not healthy");
    } finally {
      remove();
    }
  });

  it("keeps the previous version of a ready tenant serving when a redeploy fails", async () => {
    const first = deploymentSpec({ database: null });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const redeploy: DeploymentSpec = {
      ...deploymentSpec(),
      tenant: { ...first.tenant, wasReady: true },
      database: null,
      services: [service({ source: { type: "image", image: "ghcr.io/acme/web:2.0.0" } })],
    };
    const namespace = tenantNamespace(first);
    const remove = harness.cluster.scripts.add({
      kind: "crashLoop",
      namespace,
      workload: "web",
      exitCode: 1,
    });
    try {
      const { terminal } = await harness.run(redeploy);
      expect(terminal?.type).toBe("deployment.failed");
    } finally {
      remove();
    }
    expect(await namespaceExists(first)).toBe(true);
    const deployment = (await harness.kube.read({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace },
    })) as { status?: { availableReplicas?: number } } | null;
    expect(deployment?.status?.availableReplicas).toBeGreaterThanOrEqual(1);
    expect(await harness.kube.proxyGet(namespace, "web", 3000, "/healthz")).toBeDefined();
  });
});

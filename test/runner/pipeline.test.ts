import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { runJob } from "../../runner/pipeline/run.ts";
import { deploymentSpec, jobFor } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

describe("pipeline on the embedded cluster", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  it("takes an image-based service with PostgreSQL to ready with every object present", async () => {
    const spec = deploymentSpec();
    const { events, terminal } = await harness.run(spec);
    expect(terminal?.type, JSON.stringify(events.filter((e) => e.type === "stage.failed"))).toBe(
      "deployment.ready",
    );
    const namespace = tenantNamespace(spec);
    const objects: [string, string, string][] = [
      ["v1", "Namespace", namespace],
      ["v1", "ServiceAccount", "tenant"],
      ["rbac.authorization.k8s.io/v1", "Role", "tenant"],
      ["rbac.authorization.k8s.io/v1", "RoleBinding", "tenant"],
      ["v1", "ResourceQuota", "tenant-quota"],
      ["v1", "LimitRange", "tenant-limits"],
      ["networking.k8s.io/v1", "NetworkPolicy", "default-deny"],
      ["v1", "Secret", "web-env"],
      ["apps/v1", "Deployment", "web"],
      ["v1", "Service", "web"],
      ["v1", "Secret", "database-credentials"],
      ["apps/v1", "StatefulSet", "database"],
      ["v1", "Service", "database"],
      ["traefik.io/v1alpha1", "IngressRoute", "tenant"],
      ["cert-manager.io/v1", "Certificate", "tenant"],
    ];
    for (const [apiVersion, kind, name] of objects) {
      const object = await harness.kube.read({
        apiVersion,
        kind,
        metadata: { name, ...(kind === "Namespace" ? {} : { namespace }) },
      });
      expect(object, `${kind} ${name}`).not.toBeNull();
    }
    const stages = events.filter((e) => e.type === "stage.completed").map((e) => e.stage);
    expect(stages).toEqual(["namespace", "deploy", "route", "health"]);
    expect(events.map((e) => e.seq)).toEqual([...events.keys()]);
    expect(JSON.stringify(events)).not.toContain("s3cret-value");
    // Ready includes TLS: the route stage waited for the certificate to be issued.
    const certificate = (await harness.kube.read({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "tenant", namespace },
    })) as { status?: { conditions?: { type: string; status: string }[] } } | null;
    expect(certificate?.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(events.some((e) => e.stage === "route" && /certificate issued/.test(e.message))).toBe(
      true,
    );
  });

  it("fails the route stage when the TLS certificate is not issued in time, saying why", async () => {
    const base = deploymentSpec({ database: null });
    const spec = deploymentSpec({
      database: null,
      config: {
        ...base.config,
        cluster: { ...base.config.cluster, clusterIssuer: "not-installed" },
        timeouts: { ...base.config.timeouts, certificateSeconds: 1 },
      },
    });
    const { events, terminal } = await harness.run(spec);
    expect(terminal?.type).toBe("deployment.failed");
    const failed = events.find((e) => e.type === "stage.failed");
    expect(failed?.stage).toBe("route");
    expect(failed?.message).toMatch(/TLS certificate for .* was not issued within 1 s/);
  });

  it("finishes a job when the edge never answers, giving up on the events", async () => {
    const spec = deploymentSpec({ database: null });
    harness.specs.set(spec.deployment.id, spec);
    const post = harness.deps.postEvents;
    harness.deps.postEvents = () => new Promise<void>(() => {});
    try {
      await runJob(harness.deps, jobFor(spec), new AbortController().signal);
    } finally {
      harness.deps.postEvents = post;
    }
    const { values: jobs } = await harness.metrics.jobs.get();
    const ready = jobs.find((v) => v.labels.type === "provision" && v.labels.outcome === "ready");
    expect(ready?.value).toBeGreaterThan(0);
    const { values: undelivered } = await harness.metrics.eventsUndelivered.get();
    expect(undelivered[0]?.value).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import {
  createNamespace,
  eventually,
  failure,
  harnessWithNamespace,
  restrictedPodSpec,
} from "./support.ts";

const h = harnessWithNamespace("tenant", { "pod-security.kubernetes.io/enforce": "restricted" });

describe("admission", () => {
  it("validates against the upstream schema: 422 Invalid with field causes", async () => {
    const invalid = await failure(
      h.apps.createNamespacedDeployment({
        namespace: "tenant",
        body: {
          metadata: { name: "bad" },
          spec: { template: { spec: { containers: [] } } },
        } as never,
      }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.reason).toBe("Invalid");
    expect(invalid.message).toContain('Deployment.apps "bad" is invalid');
    expect(invalid.details?.causes).toContainEqual(
      expect.objectContaining({ field: "spec.selector", reason: "FieldValueRequired" }),
    );
  });

  it("checks that a workload's selector matches its template labels", async () => {
    const invalid = await failure(
      h.apps.createNamespacedDeployment({
        namespace: "tenant",
        body: {
          metadata: { name: "mismatch" },
          spec: {
            selector: { matchLabels: { app: "a" } },
            template: { metadata: { labels: { app: "b" } }, spec: restrictedPodSpec("x:1") },
          },
        },
      }),
    );
    expect(invalid.details?.causes).toContainEqual(
      expect.objectContaining({ field: "spec.template.metadata.labels" }),
    );
  });

  it("refuses names that are not DNS-1123", async () => {
    const invalid = await failure(
      h.core.createNamespacedConfigMap({
        namespace: "tenant",
        body: { metadata: { name: "Not_Valid" } },
      }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.message).toContain("RFC 1123 subdomain");
  });

  it("refuses content in a namespace that does not exist", async () => {
    const missing = await failure(
      h.core.createNamespacedConfigMap({ namespace: "ghost", body: { metadata: { name: "x" } } }),
    );
    expect(missing).toMatchObject({ code: 404, message: 'namespaces "ghost" not found' });
  });

  it("enforces Pod Security on pods and only warns on workload templates", async () => {
    const refused = await failure(
      h.core.createNamespacedPod({
        namespace: "tenant",
        body: {
          metadata: { name: "root" },
          spec: {
            containers: [{ name: "app", image: "x:1", securityContext: { privileged: true } }],
          },
        },
      }),
    );
    expect(refused.code).toBe(403);
    expect(refused.message).toContain('violates PodSecurity "restricted:latest"');
    expect(refused.message).toContain("privileged");
    expect(refused.message).toContain("runAsNonRoot != true");
    const allowed = await h.core.createNamespacedPod({
      namespace: "tenant",
      body: { metadata: { name: "good" }, spec: restrictedPodSpec("x:1") },
    });
    expect(allowed.metadata?.name).toBe("good");
    const hostPath = await failure(
      h.core.createNamespacedPod({
        namespace: "tenant",
        body: {
          metadata: { name: "hostpath" },
          spec: {
            ...restrictedPodSpec("x:1"),
            volumes: [{ name: "root", hostPath: { path: "/" } }],
          },
        },
      }),
    );
    expect(hostPath.message).toContain('hostPath volumes (volume "root")');
    const deployment = await h.apps.createNamespacedDeployment({
      namespace: "tenant",
      body: {
        metadata: { name: "lax" },
        spec: {
          selector: { matchLabels: { app: "lax" } },
          template: {
            metadata: { labels: { app: "lax" } },
            spec: { containers: [{ name: "c", image: "x:1" }] },
          },
        },
      },
    });
    expect(deployment.metadata?.name).toBe("lax");
  });

  it("applies LimitRange defaults and enforces ResourceQuota (403 exceeded quota)", async () => {
    await createNamespace(h, "quota");
    await h.core.createNamespacedLimitRange({
      namespace: "quota",
      body: {
        metadata: { name: "defaults" },
        spec: {
          limits: [
            {
              type: "Container",
              _default: { cpu: "500m", memory: "256Mi" },
              defaultRequest: { cpu: "100m", memory: "128Mi" },
            },
          ],
        },
      },
    });
    await h.core.createNamespacedResourceQuota({
      namespace: "quota",
      body: {
        metadata: { name: "compute" },
        spec: {
          hard: {
            "limits.memory": "512Mi",
            "requests.cpu": "1",
            pods: "5",
            "count/configmaps": "3",
          },
        },
      },
    });
    const pod = await h.core.createNamespacedPod({
      namespace: "quota",
      body: { metadata: { name: "p1" }, spec: { containers: [{ name: "c", image: "x:1" }] } },
    });
    expect(pod.spec?.containers[0]?.resources).toEqual({
      limits: { cpu: "500m", memory: "256Mi" },
      requests: { cpu: "100m", memory: "128Mi" },
    });
    await h.core.createNamespacedPod({
      namespace: "quota",
      body: { metadata: { name: "p2" }, spec: { containers: [{ name: "c", image: "x:1" }] } },
    });
    const exceeded = await failure(
      h.core.createNamespacedPod({
        namespace: "quota",
        body: { metadata: { name: "p3" }, spec: { containers: [{ name: "c", image: "x:1" }] } },
      }),
    );
    expect(exceeded.code).toBe(403);
    expect(exceeded.reason).toBe("Forbidden");
    expect(exceeded.message).toBe(
      'pods "p3" is forbidden: exceeded quota: compute, requested: limits.memory=256Mi, used: limits.memory=512Mi, limited: limits.memory=512Mi',
    );
    for (const name of ["c1", "c2"])
      await h.core.createNamespacedConfigMap({ namespace: "quota", body: { metadata: { name } } });
    const counted = await failure(
      h.core.createNamespacedConfigMap({ namespace: "quota", body: { metadata: { name: "c3" } } }),
    );
    expect(counted.message).toContain(
      "exceeded quota: compute, requested: count/configmaps=1, used: count/configmaps=3",
    );
  });
});

describe("admission of controller-created pods", () => {
  it("reports a Deployment whose pods Pod Security refuses as ReplicaFailure, never Available", async () => {
    await h.apps.createNamespacedDeployment({
      namespace: "tenant",
      body: {
        metadata: { name: "privileged" },
        spec: {
          selector: { matchLabels: { app: "privileged" } },
          template: {
            metadata: { labels: { app: "privileged" } },
            spec: {
              containers: [{ name: "c", image: "x:1", securityContext: { privileged: true } }],
            },
          },
        },
      },
    });
    const failed = await eventually(async () => {
      const d = await h.apps.readNamespacedDeployment({ name: "privileged", namespace: "tenant" });
      return d.status?.conditions?.find((c) => c.type === "ReplicaFailure" && c.status === "True");
    });
    expect(failed.message).toContain('violates PodSecurity "restricted:latest"');
    const events = await h.core.listNamespacedEvent({ namespace: "tenant" });
    expect(
      events.items.some((e) => e.reason === "FailedCreate" && e.message?.includes("PodSecurity")),
    ).toBe(true);
    const quota = await h.core.readNamespacedResourceQuota({ name: "compute", namespace: "quota" });
    expect(quota.status?.used?.pods).toBe("2");
  });
});

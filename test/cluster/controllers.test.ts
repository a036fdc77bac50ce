import { describe, expect, it } from "vitest";
import { eventually, harnessWithNamespace, restrictedPodSpec } from "./support.ts";

const h = harnessWithNamespace("apps");

const proxy = async (service: string, path: string) => {
  const response = await fetch(
    `${h.cluster.url}/api/v1/namespaces/apps/services/${service}/proxy${path}`,
    {
      headers: { authorization: `Bearer ${h.cluster.adminToken}` },
    },
  );
  return {
    status: response.status,
    body: await response.text(),
    simulated: response.headers.get("x-enclave-simulated"),
  };
};

const podsOf = async (selector: string) =>
  (await h.core.listNamespacedPod({ namespace: "apps", labelSelector: selector })).items;

const job = (name: string, image: string, command?: string[]) => ({
  metadata: { name },
  spec: {
    backoffLimit: 1,
    template: { spec: { ...restrictedPodSpec(image, command), restartPolicy: "Never" } },
  },
});

const logsOf = async (selector: string) => {
  const [pod] = await podsOf(selector);
  return h.core.readNamespacedPodLog({ name: pod?.metadata?.name ?? "", namespace: "apps" });
};

describe("controllers", () => {
  it("rolls a Deployment out to Available, serves it through the Service proxy, and rolls a template change", async () => {
    await h.apps.createNamespacedDeployment({
      namespace: "apps",
      body: {
        metadata: { name: "web" },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: "web" } },
          template: { metadata: { labels: { app: "web" } }, spec: restrictedPodSpec("web:1") },
        },
      },
    });
    const service = await h.core.createNamespacedService({
      namespace: "apps",
      body: {
        metadata: { name: "web" },
        spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
      },
    });
    expect(service.spec?.clusterIP).toMatch(/^10\.43\./);
    const ready = await eventually(async () => {
      const d = await h.apps.readNamespacedDeployment({ name: "web", namespace: "apps" });
      return d.status?.conditions?.some((c) => c.type === "Available" && c.status === "True") &&
        d.status?.readyReplicas === 2
        ? d
        : undefined;
    });
    expect(ready.status?.observedGeneration).toBe(ready.metadata?.generation);
    // The answer says it is the emulator's, not an app's: nothing runs behind the proxy.
    const answer = await proxy("web:80", "/healthz");
    expect(answer).toEqual({
      status: 200,
      body: expect.stringContaining("simulated"),
      simulated: "embedded-cluster",
    });

    await h.apps.replaceNamespacedDeployment({
      name: "web",
      namespace: "apps",
      body: {
        ...ready,
        spec: {
          ...ready.spec,
          selector: ready.spec?.selector ?? {},
          template: { ...ready.spec?.template, spec: restrictedPodSpec("web:2") },
        },
      },
    });
    await eventually(async () => {
      const pods = await podsOf("app=web");
      return (
        pods.length === 2 &&
        pods.every((p) => p.spec?.containers[0]?.image === "web:2" && p.status?.phase === "Running")
      );
    });
    const replicaSets = (
      await h.apps.listNamespacedReplicaSet({ namespace: "apps", labelSelector: "app=web" })
    ).items;
    expect(replicaSets.map((rs) => rs.spec?.replicas).sort()).toEqual([0, 2]);
  });

  it("answers a scripted health status through the Service proxy", async () => {
    h.cluster.scripts.add({
      kind: "httpResponse",
      namespace: "apps",
      service: "web",
      path: "/healthz",
      status: 500,
      body: "down",
    });
    expect(await proxy("web", "/healthz")).toEqual({
      status: 500,
      body: "down",
      simulated: "embedded-cluster",
    });
    expect((await proxy("web", "/other")).status).toBe(200);
    h.cluster.scripts.clear();
  });

  it("runs a Job's echo container to Complete with its output as logs", async () => {
    await h.batch.createNamespacedJob({
      namespace: "apps",
      body: job("hello", "busybox:1.36", ["echo", "hello", "world"]),
    });
    const done = await eventually(async () => {
      const j = await h.batch.readNamespacedJob({ name: "hello", namespace: "apps" });
      return j.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True")
        ? j
        : undefined;
    });
    expect(done.status?.succeeded).toBe(1);
    expect(await logsOf("job-name=hello")).toBe("hello world\n");
  });

  it("uses registered behaviours: a build image logs over time and reports a digest in its termination message", async () => {
    h.cluster.behaviours.register({ image: /buildah/ }, () => ({
      logs: ["STEP 1/2: FROM node:22", { line: "STEP 2/2: COPY . .", delayMs: 5 }, "COMMIT"],
      exit: { code: 0, terminationMessage: JSON.stringify({ digest: "sha256:abc" }) },
    }));
    await h.batch.createNamespacedJob({
      namespace: "apps",
      body: job("build", "quay.io/buildah/stable:v1.37"),
    });
    const pod = await eventually(async () =>
      (await podsOf("job-name=build")).find((p) => p.status?.phase === "Succeeded"),
    );
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
      message: '{"digest":"sha256:abc"}',
    });
    expect(await logsOf("job-name=build")).toBe(
      "STEP 1/2: FROM node:22\nSTEP 2/2: COPY . .\nCOMMIT\n",
    );
  });

  it("fails a Job as scripted, after its backoff limit, with the scripted logs", async () => {
    h.cluster.scripts.add({
      kind: "jobOutcome",
      namespace: "apps",
      workload: "broken",
      exitCode: 2,
      logs: ["error: no Dockerfile"],
      terminationMessage: "build failed",
    });
    await h.batch.createNamespacedJob({ namespace: "apps", body: job("broken", "builder:1") });
    const failed = await eventually(async () => {
      const j = await h.batch.readNamespacedJob({ name: "broken", namespace: "apps" });
      return j.status?.conditions?.find((c) => c.type === "Failed" && c.status === "True")
        ? j
        : undefined;
    });
    expect(failed.status?.failed).toBe(2);
    expect(failed.status?.conditions?.find((c) => c.type === "Failed")?.reason).toBe(
      "BackoffLimitExceeded",
    );
    const pods = await podsOf("job-name=broken");
    expect(
      pods.every((p) => p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode === 2),
    ).toBe(true);
    expect(await logsOf("job-name=broken")).toBe("error: no Dockerfile\n");
    h.cluster.scripts.clear();
  });

  it("crash-loops a scripted pod: restarts climb and the Deployment never becomes Available", async () => {
    h.cluster.scripts.add({ kind: "crashLoop", namespace: "apps", workload: "crashy" });
    await h.apps.createNamespacedDeployment({
      namespace: "apps",
      body: {
        metadata: { name: "crashy" },
        spec: {
          selector: { matchLabels: { app: "crashy" } },
          template: { metadata: { labels: { app: "crashy" } }, spec: restrictedPodSpec("app:1") },
        },
      },
    });
    const pod = await eventually(async () =>
      (await podsOf("app=crashy")).find(
        (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2,
      ),
    );
    expect(pod.status?.containerStatuses?.[0]?.ready).toBe(false);
    const deployment = await h.apps.readNamespacedDeployment({ name: "crashy", namespace: "apps" });
    expect(deployment.status?.conditions?.find((c) => c.type === "Available")?.status).toBe(
      "False",
    );
    h.cluster.scripts.clear();
    await h.apps.deleteNamespacedDeployment({ name: "crashy", namespace: "apps" });
  });

  it("makes a StatefulSet ready with a bound claim per replica", async () => {
    await h.core.createNamespacedService({
      namespace: "apps",
      body: {
        metadata: { name: "db" },
        spec: { clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] },
      },
    });
    await h.apps.createNamespacedStatefulSet({
      namespace: "apps",
      body: {
        metadata: { name: "db" },
        spec: {
          serviceName: "db",
          selector: { matchLabels: { app: "db" } },
          template: { metadata: { labels: { app: "db" } }, spec: restrictedPodSpec("postgres:17") },
          volumeClaimTemplates: [
            {
              metadata: { name: "data" },
              spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
            },
          ],
        },
      },
    });
    await eventually(
      async () =>
        (await h.apps.readNamespacedStatefulSet({ name: "db", namespace: "apps" })).status
          ?.readyReplicas === 1,
    );
    const claim = await eventually(async () => {
      const c = await h.core.readNamespacedPersistentVolumeClaim({
        name: "data-db-0",
        namespace: "apps",
      });
      return c.status?.phase === "Bound" ? c : undefined;
    });
    expect(claim.spec?.volumeName).toMatch(/^pvc-/);
  });

  it("issues a Certificate: Ready with its TLS Secret", async () => {
    const certs = { group: "cert-manager.io", version: "v1" };
    await h.custom.createClusterCustomObject({
      ...certs,
      plural: "clusterissuers",
      body: {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: "self-signed" },
        spec: { selfSigned: {} },
      },
    });
    await h.custom.createNamespacedCustomObject({
      ...certs,
      namespace: "apps",
      plural: "certificates",
      body: {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "web-tls" },
        spec: {
          secretName: "web-tls",
          dnsNames: ["web.example.com"],
          issuerRef: { kind: "ClusterIssuer", name: "self-signed" },
        },
      },
    });
    await eventually(async () => {
      const cert = (await h.custom.getNamespacedCustomObject({
        ...certs,
        namespace: "apps",
        plural: "certificates",
        name: "web-tls",
      })) as {
        status?: { conditions?: { type: string; status: string }[] };
      };
      return cert.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    });
    const secret = await h.core.readNamespacedSecret({ name: "web-tls", namespace: "apps" });
    expect(secret.type).toBe("kubernetes.io/tls");
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(["tls.crt", "tls.key"]);
  });

  it("issues an ACME certificate only for hosts routed to a service, as HTTP-01 needs", async () => {
    const certs = { group: "cert-manager.io", version: "v1" };
    const readyOf = async () => {
      const cert = (await h.custom.getNamespacedCustomObject({
        ...certs,
        namespace: "apps",
        plural: "certificates",
        name: "shop-tls",
      })) as { status?: { conditions?: { type: string; status: string; message?: string }[] } };
      return cert.status?.conditions?.find((c) => c.type === "Ready");
    };
    await h.custom.createNamespacedCustomObject({
      ...certs,
      namespace: "apps",
      plural: "certificates",
      body: {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "shop-tls" },
        spec: {
          secretName: "shop-tls",
          dnsNames: ["shop.enclave.localhost", "shop.example.com"],
          // The cluster's bundled ACME issuer.
          issuerRef: { kind: "ClusterIssuer", name: "letsencrypt" },
        },
      },
    });
    const pending = await eventually(async () => {
      const ready = await readyOf();
      return ready?.status === "False" && ready;
    });
    expect(pending.message).toContain("shop.enclave.localhost, shop.example.com");

    const route = (hosts: string[]) => ({
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata: { name: "shop", namespace: "apps" },
      spec: {
        entryPoints: ["websecure"],
        routes: [
          {
            kind: "Rule",
            match: hosts.map((host) => `Host(\`${host}\`)`).join(" || "),
            services: [{ name: "web", port: 80 }],
          },
        ],
      },
    });
    await h.objects.create(route(["shop.enclave.localhost"]));
    const partly = await eventually(async () => {
      const ready = await readyOf();
      return ready?.message?.includes("no route") && !ready.message.includes("localhost") && ready;
    });
    expect(partly.status).toBe("False");
    expect(partly.message).toContain("shop.example.com");
    await expect(
      h.core.readNamespacedSecret({ name: "shop-tls", namespace: "apps" }),
    ).rejects.toThrow();

    await h.objects.replace(route(["shop.enclave.localhost", "shop.example.com"]));
    await eventually(async () => (await readyOf())?.status === "True");
    await h.core.readNamespacedSecret({ name: "shop-tls", namespace: "apps" });
  });

  it("cascades a Deployment deletion to its ReplicaSets and Pods", async () => {
    await h.apps.deleteNamespacedDeployment({ name: "web", namespace: "apps" });
    await eventually(async () => (await podsOf("app=web")).length === 0);
    expect(
      (await h.apps.listNamespacedReplicaSet({ namespace: "apps", labelSelector: "app=web" }))
        .items,
    ).toHaveLength(0);
  });
});

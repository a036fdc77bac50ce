import { KubeConfig } from "@kubernetes/client-node";
import type { IConfigMap } from "kubernetes-models/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedCluster, startEmbeddedCluster } from "../../runner/cluster/index.ts";
import { Kube } from "../../runner/kube/client.ts";
import type { Named } from "../../runner/kube/objects.ts";
import { type Observed, waitFor } from "../../runner/kube/wait.ts";

describe("kube client", () => {
  let cluster: EmbeddedCluster;
  let kube: Kube;
  const verbs: string[] = [];
  beforeAll(async () => {
    cluster = await startEmbeddedCluster();
    const config = new KubeConfig();
    config.loadFromString(cluster.kubeconfig);
    kube = new Kube(config, {
      inCluster: false,
      onRequest: (verb) => verbs.push(verb),
      retry: { attempts: 4, baseMs: 1, maxMs: 5 },
    });
  });
  afterAll(() => cluster.close());

  const configMap = (name: string, value: string): Named<IConfigMap> => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "default" },
    data: { value },
  });

  it("applies with one request per object and without changes the second time", async () => {
    verbs.length = 0;
    const first = await kube.apply(configMap("converge", "a"));
    const second = await kube.apply(configMap("converge", "a"));
    expect(verbs).toEqual(["apply", "apply"]);
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(second.metadata?.managedFields?.map((f) => f.manager)).toEqual(["enclave-runner"]);
  });

  it("retries server errors, but not a rejection", async () => {
    cluster.faults.add({
      verb: "patch",
      resource: "configmaps",
      error: { status: 429, retryAfterSeconds: 0 },
      times: 1,
    });
    cluster.faults.add({ verb: "patch", resource: "configmaps", error: { status: 503 }, times: 1 });
    verbs.length = 0;
    await expect(kube.apply(configMap("retried", "x"))).resolves.toBeDefined();
    expect(verbs.length).toBeGreaterThan(1);
    verbs.length = 0;
    const invalid = kube.apply<IConfigMap>({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "Not_Valid", namespace: "default" },
    });
    await expect(invalid).rejects.toThrow(/apply ConfigMap default\/Not_Valid/);
    expect(verbs).toEqual(["apply"]);
  });

  it("abandons and retries a request the API server does not answer in time", async () => {
    const config = new KubeConfig();
    config.loadFromString(cluster.kubeconfig);
    const attempts: string[] = [];
    const impatient = new Kube(config, {
      inCluster: false,
      onRequest: (verb) => attempts.push(verb),
      requestTimeoutMs: 500,
      retry: { attempts: 3, baseMs: 1, maxMs: 5 },
    });
    const stalledMs = 20_000;
    cluster.faults.add({ verb: "patch", resource: "configmaps", latencyMs: stalledMs, times: 1 });
    const started = performance.now();
    const applied = await impatient.apply(configMap("slow", "x"));
    const elapsed = performance.now() - started;
    expect(applied.metadata?.name).toBe("slow");
    expect(attempts.slice(0, 2)).toEqual(["apply", "apply"]);
    expect(elapsed).toBeLessThan(stalledMs / 2);
  });

  it("treats deleting what is gone as done", async () => {
    await kube.apply(configMap("doomed", "x"));
    expect(
      await kube.remove({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "doomed", namespace: "default" },
      }),
    ).toBe(true);
    expect(
      await kube.remove({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "doomed", namespace: "default" },
      }),
    ).toBe(false);
  });

  it("resumes a watch that ends early and relists after 410 Gone", async () => {
    await kube.apply(configMap("watched", "0"));
    const ending = cluster.faults.add({
      verb: "watch",
      resource: "configmaps",
      watchEndAfterMs: 5,
      times: 3,
    });
    verbs.length = 0;
    const seen = waitFor(kube, {
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "default",
      name: "watched",
      timeoutMs: 10_000,
      describe: "value 3",
      check: (observed: Observed<IConfigMap>) =>
        observed.get("watched")?.data?.value === "3" ? true : undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await kube.apply(configMap("watched", "1"));
    cluster.compact();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await kube.apply(configMap("watched", "2"));
    await kube.apply(configMap("watched", "3"));
    await expect(seen).resolves.toBe(true);
    ending();
    expect(verbs.filter((verb) => verb === "watch").length).toBeGreaterThan(1);
  });

  it("waits through a watch the API server throttles (429)", async () => {
    await kube.apply(configMap("throttled", "0"));
    cluster.faults.add({
      verb: "watch",
      resource: "configmaps",
      error: { status: 429, retryAfterSeconds: 1 },
      times: 1,
    });
    verbs.length = 0;
    const seen = waitFor(kube, {
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "default",
      name: "throttled",
      timeoutMs: 10_000,
      describe: "value 1",
      check: (observed: Observed<IConfigMap>) =>
        observed.get("throttled")?.data?.value === "1" ? true : undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await kube.apply(configMap("throttled", "1"));
    await expect(seen).resolves.toBe(true);
    expect(verbs.filter((verb) => verb === "watch").length).toBeGreaterThan(1);
  });

  it("fails a wait with the reason when it cannot succeed", async () => {
    await expect(
      waitFor(kube, {
        apiVersion: "v1",
        kind: "ConfigMap",
        namespace: "default",
        name: "never",
        timeoutMs: 50,
        describe: "the ConfigMap never",
        check: () => undefined,
      }),
    ).rejects.toThrow("the ConfigMap never did not happen");
  });
});

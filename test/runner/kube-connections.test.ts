import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { KubeConfig } from "@kubernetes/client-node";
import type { IConfigMap } from "kubernetes-models/v1";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type EmbeddedCluster, startEmbeddedCluster } from "../../runner/cluster/index.ts";
import { Kube } from "../../runner/kube/client.ts";
import type { Named } from "../../runner/kube/objects.ts";
import { waitFor } from "../../runner/kube/wait.ts";
import { eventually } from "../cluster/support.ts";

/** What undici's diagnostics channels tell of the connections it opens and the watches it sends. */
const traffic = { connections: 0, openWatches: new Set<object>() };
const channels: [string, (message: unknown) => void][] = [
  [
    "undici:client:connected",
    () => {
      traffic.connections += 1;
    },
  ],
  [
    "undici:request:create",
    (message) => {
      const { request } = message as { request: { path: string } };
      if (request.path.includes("watch=true")) traffic.openWatches.add(request);
    },
  ],
  ["undici:request:trailers", (message) => traffic.openWatches.delete(ended(message))],
  ["undici:request:error", (message) => traffic.openWatches.delete(ended(message))],
];
const ended = (message: unknown) => (message as { request: object }).request;

const configMap: Named<IConfigMap> = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "shared", namespace: "default" },
};

describe("kube client connections", () => {
  let cluster: EmbeddedCluster;
  beforeAll(async () => {
    cluster = await startEmbeddedCluster({ tls: true });
    for (const [name, listener] of channels) subscribe(name, listener);
  });
  afterAll(async () => {
    for (const [name, listener] of channels) unsubscribe(name, listener);
    await cluster.close();
  });
  afterEach(() => cluster.faults.clear());

  const kubeConfig = (kubeconfig: string) => {
    const config = new KubeConfig();
    config.loadFromString(kubeconfig);
    return config;
  };

  it("sends requests over shared connections, and over new ones once the TLS options change", async () => {
    const config = kubeConfig(cluster.kubeconfig);
    const kube = new Kube(config, { inCluster: false });
    const reads = async (count: number) => {
      for (let i = 0; i < count; i++) await kube.read(configMap);
    };
    await kube.apply({ ...configMap, data: { value: "x" } });
    // An undici pool's first connection serves one request: after two reads both are open.
    await reads(2);
    traffic.connections = 0;
    await reads(10);
    expect(traffic.connections).toBe(0);

    // The same cluster trusted another way: the connections made with its CA do not fit.
    const unverified = parse(cluster.kubeconfig);
    unverified.clusters[0].cluster = {
      server: unverified.clusters[0].cluster.server,
      "insecure-skip-tls-verify": true,
    };
    config.loadFromString(stringify(unverified));
    await reads(2);
    expect(traffic.connections).toBeGreaterThan(0);
    traffic.connections = 0;
    await reads(10);
    expect(traffic.connections).toBe(0);
  });

  it("closes a watch whose wait ended while the watch was still connecting", async () => {
    const kube = new Kube(kubeConfig(cluster.kubeconfig), { inCluster: false });
    cluster.faults.add({ verb: "watch", resource: "configmaps", latencyMs: 500, times: 1 });
    const waiting = new AbortController();
    const wait = waitFor(kube, {
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "default",
      name: "never",
      timeoutMs: 10_000,
      describe: "the ConfigMap never",
      signal: waiting.signal,
      check: () => undefined,
    });
    await eventually(() => traffic.openWatches.size === 1);
    waiting.abort(new Error("done waiting"));
    await expect(wait).rejects.toThrow("done waiting");
    // Left open, it would have lasted until quiet for 30 s (client-node's watch idle timeout).
    await eventually(() => traffic.openWatches.size === 0, 5_000);
  });
});

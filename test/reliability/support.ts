import { readFileSync } from "node:fs";
import { CoreV1Api, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { Agent, fetch as fetchWith } from "undici";
import { expect } from "vitest";
import { parse } from "yaml";
import type { FaultRule } from "../../runner/cluster/faults/faults.ts";
import type { StreamedEvent } from "../../worker/contracts/index.ts";
import type { TestStack } from "../e2e/harness.ts";

export interface Created {
  tenant: { id: string; slug: string };
  deployment: { id: string };
}

export const imageService = {
  name: "web",
  source: { type: "image", image: "ghcr.io/enclave/sample:1.0.0" },
  port: 3000,
  healthPath: "/healthz",
};

export async function createTenant(
  stack: TestStack,
  slug: string,
  body: Record<string, unknown> = {},
): Promise<Created> {
  const res = await stack.api<Created>("/v1/tenants", {
    method: "POST",
    body: JSON.stringify({ name: slug, slug, services: [imageService], ...body }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body;
}

/** Platform configuration through the operator API; `undefined` resets the key. */
export async function setConfig(stack: TestStack, key: string, value?: unknown): Promise<void> {
  const res = await fetch(`${stack.edgeUrl}/v1/admin/config/${key}`, {
    method: value === undefined ? "DELETE" : "PUT",
    headers: {
      authorization: `Bearer ${stack.secrets.OPERATOR_TOKEN}`,
      "content-type": "application/json",
    },
    ...(value === undefined ? {} : { body: JSON.stringify({ value }) }),
  });
  await res.body?.cancel();
  expect(res.status).toBeLessThan(300);
}

export const namespaceOf = (tenantId: string) => `enclave-${tenantId.replace("_", "-")}`;

/** Events the runner reported (the edge's own notes left out). */
export const runnerEvents = (events: StreamedEvent[]) =>
  events.filter((event) => (event.data as { origin?: string } | undefined)?.origin !== "edge");

/** How often each attempt started each stage: `attempt:stage` → count. */
export function stageStarts(events: StreamedEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of runnerEvents(events)) {
    if (event.type !== "stage.started") continue;
    const key = `${event.attempt}:${event.stage}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export function clusterClients(stack: TestStack) {
  const config = new KubeConfig();
  config.loadFromFile(stack.kubeconfig);
  return {
    core: config.makeApiClient(CoreV1Api),
    objects: KubernetesObjectApi.makeApiClient(config),
  };
}

export async function namespaceExists(stack: TestStack, name: string): Promise<boolean> {
  try {
    await clusterClients(stack).core.readNamespace({ name });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false;
    throw error;
  }
}

export async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sends fault rules to (POST) or clears them from (DELETE) the embedded cluster. */
export async function clusterFaults(
  stack: TestStack,
  method: "POST" | "DELETE",
  rules: FaultRule[] = [],
): Promise<void> {
  const kubeconfig = parse(readFileSync(stack.kubeconfig, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = kubeconfig.clusters[0]?.cluster;
  const ca = Buffer.from(cluster?.["certificate-authority-data"] ?? "", "base64").toString();
  const dispatcher = new Agent({ connect: { ca } });
  try {
    const res = await fetchWith(`${cluster?.server}/_emulator/faults`, {
      dispatcher,
      method,
      headers: {
        authorization: `Bearer ${kubeconfig.users[0]?.user.token ?? ""}`,
        "content-type": "application/json",
      },
      ...(method === "POST" ? { body: JSON.stringify(rules) } : {}),
    });
    await res.body?.cancel();
    expect(res.status).toBeLessThan(300);
  } finally {
    await dispatcher.close();
  }
}

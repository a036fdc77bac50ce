import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createNamespace,
  eventually,
  type Harness,
  KUBECTL,
  kubectlAgainst,
  startHarness,
} from "./support.ts";

let h: Harness;
const NS = "logs";

beforeAll(async () => {
  h = await startHarness();
  await createNamespace(h, NS);
  h.cluster.behaviours.register({ image: "counter" }, () => ({
    logs: ["one", "two", "three", "four"],
    exit: { code: 0 },
  }));
  h.cluster.behaviours.register({ image: "slow" }, () => ({
    logs: ["early", { line: "late", delayMs: 1_200 }],
  }));
  h.cluster.behaviours.register({ image: "ticker" }, () => ({
    logs: ["tick 1", { line: "tick 2", delayMs: 300 }, { line: "tick 3", delayMs: 300 }],
    exit: { code: 0, afterMs: 100 },
  }));
});
afterAll(() => h.cluster.close());

const kubectl = (...args: string[]) => kubectlAgainst(h.cluster, "-n", NS, ...args);
const logUrl = (pod: string, query = "") =>
  `${h.cluster.url}/api/v1/namespaces/${NS}/pods/${pod}/log${query ? `?${query}` : ""}`;

async function runPod(name: string, image: string, extra: Record<string, unknown> = {}) {
  await h.core.createNamespacedPod({
    namespace: NS,
    body: {
      metadata: { name },
      spec: { restartPolicy: "Never", containers: [{ name: "main", image, ...extra }] },
    },
  });
  await eventually(async () => {
    const pod = await h.core.readNamespacedPod({ name, namespace: NS });
    return pod.status?.containerStatuses?.[0]?.state?.running ||
      pod.status?.containerStatuses?.[0]?.state?.terminated
      ? pod
      : undefined;
  });
}

describe("the pod log API", () => {
  it("answers the last lines with tailLines and prefixes RFC 3339 times with timestamps", async () => {
    await runPod("counter", "counter");
    await eventually(async () =>
      (await fetch(logUrl("counter"))).text().then((t) => t.includes("four")),
    );
    expect(await (await fetch(logUrl("counter", "tailLines=2"))).text()).toBe("three\nfour\n");
    const stamped = await (await fetch(logUrl("counter", "timestamps=true&tailLines=1"))).text();
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z four\n$/);
    expect(await (await fetch(logUrl("counter", "limitBytes=6"))).text()).toBe("one\ntw");
  });

  it("keeps only the lines written in the last sinceSeconds", async () => {
    await runPod("slow", "slow");
    await eventually(
      async () => (await (await fetch(logUrl("slow"))).text()).includes("late"),
      5_000,
    );
    expect(await (await fetch(logUrl("slow"))).text()).toBe("early\nlate\n");
    expect(await (await fetch(logUrl("slow", "sinceSeconds=1"))).text()).toBe("late\n");
  });

  it("follows a running container's log until it exits", async () => {
    await runPod("ticker", "ticker");
    const started = Date.now();
    const res = await fetch(logUrl("ticker", "follow=true"));
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("tick 1\ntick 2\ntick 3\n");
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("ends a follow when the client goes away, and when the pod is deleted", async () => {
    await runPod("server", "server:1");
    const aborted = new AbortController();
    const gone = await fetch(logUrl("server", "follow=true"), { signal: aborted.signal });
    const reader = gone.body?.getReader();
    await reader?.read();
    expect(h.cluster.openLogFollows()).toBe(1);
    aborted.abort();
    await eventually(() => h.cluster.openLogFollows() === 0);
    const kept = await fetch(logUrl("server", "follow=true"));
    const text = kept.text();
    await h.core.deleteNamespacedPod({ name: "server", namespace: NS, gracePeriodSeconds: 0 });
    expect(await text).toMatch(/^starting server:1: the image's default command/);
  });

  it("refuses what kube-apiserver refuses, with its status codes", async () => {
    const missing = await fetch(logUrl("nowhere"));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe(
      'pods "nowhere" not found',
    );
    const badContainer = await fetch(logUrl("counter", "container=nope"));
    expect(badContainer.status).toBe(400);
    expect(((await badContainer.json()) as { message: string }).message).toBe(
      "container nope is not valid for pod counter",
    );
    const unparsed = await fetch(logUrl("counter", "tailLines=ten"));
    expect(unparsed.status).toBe(400);
    const negative = await fetch(logUrl("counter", "tailLines=-1"));
    expect(negative.status).toBe(422);
    expect(((await negative.json()) as { message: string }).message).toBe(
      'PodLogOptions "counter" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    );
    const both = await fetch(logUrl("counter", "sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z"));
    expect(both.status).toBe(422);
    const previous = await fetch(logUrl("counter", "previous=true"));
    expect(previous.status).toBe(400);
    expect(((await previous.json()) as { message: string }).message).toBe(
      'previous terminated container "main" in pod "counter" not found',
    );
  });
});

describe("what simulated app containers log", () => {
  it("writes its start command, the readiness probe it passed and each request it answered", async () => {
    await runPod("web", "shop:2", {
      command: ["node", "server.js"],
      ports: [{ containerPort: 3000 }],
      readinessProbe: { httpGet: { path: "/healthz", port: 3000 } },
    });
    await eventually(async () => {
      const pod = await h.core.readNamespacedPod({ name: "web", namespace: NS });
      return pod.status?.containerStatuses?.[0]?.ready;
    });
    const proxied = await fetch(
      `${h.cluster.url}/api/v1/namespaces/${NS}/pods/web/proxy/status?x=1`,
    );
    expect(proxied.status).toBe(200);
    expect((await (await fetch(logUrl("web"))).text()).split("\n")).toEqual([
      "starting shop:2: node server.js (simulated by the embedded cluster: no process runs)",
      "readiness probe: GET /healthz on port 3000 answered 200 (simulated)",
      "GET /status?x=1 200 (simulated)",
      "",
    ]);
  });
});

describe.skipIf(!existsSync(KUBECTL))("kubectl logs", () => {
  it("prints the tail and follows with -f until the container exits", async () => {
    expect((await kubectl("logs", "counter", "--tail=1")).stdout).toBe("four\n");
    await runPod("ticker-2", "ticker");
    const follow = spawn(KUBECTL, ["-n", NS, "logs", "-f", "ticker-2"], {
      env: { ...process.env, KUBECONFIG: h.cluster.kubeconfigPath },
    });
    let output = "";
    follow.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => follow.on("close", resolve));
    expect(code).toBe(0);
    expect(output).toBe("tick 1\ntick 2\ntick 3\n");
  });

  it("checks pods/log, not pods, for who may read a log", async () => {
    await h.core.createNamespacedServiceAccount({
      namespace: NS,
      body: { metadata: { name: "viewer" } },
    });
    await h.rbac.createNamespacedRole({
      namespace: NS,
      body: {
        metadata: { name: "viewer" },
        rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
      },
    });
    await h.rbac.createNamespacedRoleBinding({
      namespace: NS,
      body: {
        metadata: { name: "viewer" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "viewer" },
        subjects: [{ kind: "ServiceAccount", name: "viewer", namespace: NS }],
      },
    });
    const as = "--as=system:serviceaccount:logs:viewer";
    const refused = await kubectl("logs", "counter", as);
    expect(refused.stderr).toContain(
      'pods "counter" is forbidden: User "system:serviceaccount:logs:viewer" cannot get resource "pods/log" in API group "" in the namespace "logs"',
    );
    await h.rbac.patchNamespacedRole({
      namespace: NS,
      name: "viewer",
      body: [
        {
          op: "add",
          path: "/rules/-",
          value: { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
        },
      ],
    });
    expect((await kubectl("logs", "counter", "--tail=2", as)).stdout).toBe("three\nfour\n");
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { failure, type Harness, kubectlAgainst, startHarness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.cluster.faults.clear());
afterAll(() => h.cluster.close());

const admin = () => ({
  authorization: `Bearer ${h.cluster.adminToken}`,
  "content-type": "application/json",
});

describe("fault injection", () => {
  it("answers 429 with Retry-After for the matching verb and resource, a bounded number of times", async () => {
    h.cluster.faults.add({
      verb: "list",
      resource: "configmaps",
      error: { status: 429, retryAfterSeconds: 2 },
      times: 1,
    });
    const throttled = await failure(h.core.listNamespacedConfigMap({ namespace: "default" }));
    expect(throttled).toMatchObject({ code: 429, reason: "TooManyRequests" });
    expect(throttled.headers["retry-after"]).toBe("2");
    expect((await h.core.listNamespacedConfigMap({ namespace: "default" })).items).toBeDefined();
    expect((await h.core.listNamespacedSecret({ namespace: "default" })).items).toBeDefined();
  });

  it("answers 500 and drops connections", async () => {
    h.cluster.faults.add({ verb: "get", resource: "namespaces", error: { status: 500 } });
    expect(await failure(h.core.readNamespace({ name: "default" }))).toMatchObject({
      code: 500,
      reason: "InternalError",
    });
    h.cluster.faults.clear();
    h.cluster.faults.add({ verb: "get", resource: "namespaces", drop: true, times: 1 });
    await expect(
      fetch(`${h.cluster.url}/api/v1/namespaces/default`, { headers: admin() }),
    ).rejects.toThrow();
  });

  it("spends one use per request a client makes, so kubectl sees a dropped connection fail", async () => {
    h.cluster.faults.add({ verb: "get", resource: "namespaces", drop: true, times: 1 });
    const dropped = await kubectlAgainst(h.cluster, "get", "namespace", "default");
    expect(dropped.code).not.toBe(0);
    expect(dropped.stderr).toContain("unexpected EOF");
    const served = await kubectlAgainst(h.cluster, "get", "namespace", "default");
    expect(served.stdout).toContain("default");
  });

  it("adds latency without failing", async () => {
    h.cluster.faults.add({ resource: "namespaces", latencyMs: 20 });
    expect((await h.core.readNamespace({ name: "default" })).metadata?.name).toBe("default");
  });

  it("counts the API requests it serves", async () => {
    const before = h.cluster.requestCount();
    await h.core.listNamespace();
    expect(h.cluster.requestCount()).toBe(before + 1);
  });

  it("takes faults and scripts over HTTP from the admin, for tests in another process", async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = admin()) =>
      fetch(`${h.cluster.url}/_emulator/${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
    expect(
      (await post("faults", { verb: "list", resource: "secrets", error: { status: 503 } })).status,
    ).toBe(201);
    expect((await failure(h.core.listNamespacedSecret({ namespace: "default" }))).code).toBe(503);
    expect(
      (await fetch(`${h.cluster.url}/_emulator/faults`, { method: "DELETE", headers: admin() }))
        .status,
    ).toBe(200);
    expect((await h.core.listNamespacedSecret({ namespace: "default" })).items).toBeDefined();

    const scripted = await post("scripts", {
      kind: "jobOutcome",
      workload: { pattern: "^build-" },
      exitCode: 1,
      logs: ["boom"],
    });
    expect(scripted.status).toBe(201);
    expect(h.cluster.scripts.list()).toEqual([
      expect.objectContaining({ kind: "jobOutcome", workload: /^build-/ }),
    ]);
    expect((await post("scripts", { kind: "nonsense" })).status).toBe(400);
  });

  it("refuses the emulator routes to non-admin callers", async () => {
    await h.core.createNamespacedServiceAccount({
      namespace: "default",
      body: { metadata: { name: "nobody" } },
    });
    const issued = await h.core.createNamespacedServiceAccountToken({
      name: "nobody",
      namespace: "default",
      body: { spec: { audiences: [] } },
    });
    const response = await fetch(`${h.cluster.url}/_emulator/faults`, {
      headers: { authorization: `Bearer ${issued.status?.token}` },
    });
    expect(response.status).toBe(403);
  });
});

import { describe, expect, it } from "vitest";
import { bearer, OPERATOR_TOKEN, request } from "../harness.ts";

const operator = bearer(OPERATOR_TOKEN);

describe("platform configuration (operator)", () => {
  it("serves the typed defaults when nothing is overridden", async () => {
    const res = await request("/v1/admin/config", { headers: operator });
    expect(res.status).toBe(200);
    const config = (await res.json()) as { timeouts: { watchdogSeconds: number }; plans: object };
    expect(config.timeouts.watchdogSeconds).toBe(120);
    expect(Object.keys(config.plans)).toContain("starter");
  });

  it("overrides a key, fills nested defaults, and resets it", async () => {
    const put = await request("/v1/admin/config/timeouts", {
      method: "PUT",
      headers: operator,
      json: { value: { watchdogSeconds: 10 } },
    });
    expect(put.status).toBe(200);
    const updated = (await put.json()) as {
      timeouts: { watchdogSeconds: number; rolloutSeconds: number };
    };
    expect(updated.timeouts).toMatchObject({ watchdogSeconds: 10, rolloutSeconds: 300 });

    const reset = await request("/v1/admin/config/timeouts", {
      method: "DELETE",
      headers: operator,
    });
    expect(
      ((await reset.json()) as { timeouts: { watchdogSeconds: number } }).timeouts.watchdogSeconds,
    ).toBe(120);
  });

  it("refuses a value that would make the configuration invalid, storing nothing", async () => {
    const res = await request("/v1/admin/config/timeouts", {
      method: "PUT",
      headers: operator,
      json: { value: { watchdogSeconds: "soon" } },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain("timeouts.watchdogSeconds");
    const current = await request("/v1/admin/config", { headers: operator });
    expect(
      ((await current.json()) as { timeouts: { watchdogSeconds: number } }).timeouts
        .watchdogSeconds,
    ).toBe(120);
  });

  it.each([
    ["baseDomain", "../../evil", "baseDomain"],
    ["baseDomain", "Enclave.Example.com", "baseDomain"],
    ["baseDomain", "localhost", "baseDomain"],
    ["cluster", { buildNamespace: "Builds!" }, "cluster.buildNamespace"],
    ["cluster", { registry: "https://registry.example.com" }, "cluster.registry"],
    ["cluster", { gitImage: "alpine/git:2.47.1; rm -rf /" }, "cluster.gitImage"],
    ["cluster", { deniedEgressCidrs: ["10.0.0.0/33"] }, "cluster.deniedEgressCidrs.0"],
    ["cluster", { deniedEgressCidrs: ["internal"] }, "cluster.deniedEgressCidrs.0"],
    ["defaultPlan", "platinum", "defaultPlan"],
    ["retries", { dispatchBaseDelaySeconds: 600 }, "retries.dispatchBaseDelaySeconds"],
    [
      "databaseDefaultVersions",
      { postgres: "9", mysql: "8.4" },
      "databaseDefaultVersions.postgres",
    ],
    [
      "databases",
      { postgres: { "17": "postgres 17" }, mysql: { "8.4": "mysql:8.4" } },
      "databases.postgres.17",
    ],
  ])("refuses %s = %j by its meaning, not only its type", async (key, value, path) => {
    const res = await request(`/v1/admin/config/${key}`, {
      method: "PUT",
      headers: operator,
      json: { value },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain(path);
  });

  it("refuses a plan whose container requests exceed its limits", async () => {
    const defaults = (await (await request("/v1/admin/config", { headers: operator })).json()) as {
      plans: Record<string, Record<string, unknown>>;
    };
    const res = await request("/v1/admin/config/plans", {
      method: "PUT",
      headers: operator,
      json: {
        value: {
          ...defaults.plans,
          starter: { ...defaults.plans.starter, containerRequestCpu: "8" },
        },
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain("plans.starter.containerRequestCpu");
  });

  it("answers 404 for an unknown key", async () => {
    const res = await request("/v1/admin/config/nonsense", {
      method: "PUT",
      headers: operator,
      json: { value: 1 },
    });
    expect(res.status).toBe(404);
  });
});

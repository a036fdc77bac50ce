import { describe, expect, it } from "vitest";
import { DEFAULT_PLANS, type DeploymentSpec } from "../../../worker/contracts/index.ts";
import { bearer, createOrg, createTenant, OPERATOR_TOKEN, request } from "../harness.ts";
import { claimSpec } from "../support/runner-api.ts";

const operator = bearer(OPERATOR_TOKEN);
const putPlan = (name: string, plan: unknown) =>
  request(`/v1/admin/plans/${name}`, { method: "PUT", headers: operator, json: plan });

describe("GET /v1/plans", () => {
  it("lists the shipped plans with their quotas and a tier summary, not the cluster's names", async () => {
    const org = await createOrg(["read"]);
    const res = await request("/v1/plans", { headers: org.headers });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as {
      data: { name: string; default: boolean; tier: Record<string, boolean>; quota: object }[];
    };
    expect(data.map((plan) => plan.name)).toEqual(
      expect.arrayContaining(["free", "starter", "pro", "enterprise"]),
    );
    expect(data.find((plan) => plan.default)?.name).toBe("starter");
    expect(data.find((plan) => plan.name === "enterprise")).toMatchObject({
      tier: { dedicatedNodes: true, sandboxedRuntime: true, priorityScheduling: false },
      quota: { pods: DEFAULT_PLANS.enterprise?.pods },
      backups: { schedule: "0 * * * *", retention: { count: 168 } },
    });
    expect(data.find((plan) => plan.name === "free")).toMatchObject({
      tier: { dedicatedNodes: false, sandboxedRuntime: false },
      backups: { schedule: null, retention: null },
    });
    const body = JSON.stringify(data);
    for (const internal of ["gvisor", "enclave.dev/pool", "tolerations", "nodeSelector"]) {
      expect(body).not.toContain(internal);
    }
  });
});

describe("operator plans", () => {
  it("creates a plan through the configuration's plans, where tenants' specs read it", async () => {
    const plan = { ...DEFAULT_PLANS.starter, pods: 17, limitsCpu: "5", priorityClassName: "gold" };
    const put = await putPlan("team", plan);
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ name: "team", default: false, plan: { pods: 17 } });

    const one = await request("/v1/admin/plans/team", { headers: operator });
    expect(((await one.json()) as { plan: { limitsCpu: string } }).plan.limitsCpu).toBe("5");
    const config = await request("/v1/admin/config", { headers: operator });
    expect(
      ((await config.json()) as { plans: Record<string, { pods: number }> }).plans.team?.pods,
    ).toBe(17);
    const list = await request("/v1/admin/plans", { headers: operator });
    const names = ((await list.json()) as { data: { name: string }[] }).data.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["starter", "enterprise", "team"]));

    const org = await createOrg();
    const { deployment } = await createTenant(org, { plan: "team" });
    const spec = (await (await claimSpec(deployment.id)).json()) as DeploymentSpec;
    expect(spec.tenant.plan).toBe("team");
    expect(spec.config.plans.team).toMatchObject({
      pods: 17,
      limitsCpu: "5",
      priorityClassName: "gold",
    });
  });

  it("changes a shipped plan's quota for the next tenant's spec", async () => {
    expect((await putPlan("starter", { ...DEFAULT_PLANS.starter, pods: 19 })).status).toBe(200);
    const org = await createOrg();
    const { deployment } = await createTenant(org, { plan: "starter" });
    const spec = (await (await claimSpec(deployment.id)).json()) as DeploymentSpec;
    expect(spec.config.plans.starter?.pods).toBe(19);
  });

  it("deletes a plan nobody is on", async () => {
    expect((await putPlan("short-lived", DEFAULT_PLANS.starter)).status).toBe(200);
    const deleted = await request("/v1/admin/plans/short-lived", {
      method: "DELETE",
      headers: operator,
    });
    expect(deleted.status).toBe(204);
    expect((await request("/v1/admin/plans/short-lived", { headers: operator })).status).toBe(404);
    const config = await request("/v1/admin/config", { headers: operator });
    expect(Object.keys(((await config.json()) as { plans: object }).plans)).not.toContain(
      "short-lived",
    );
  });
});

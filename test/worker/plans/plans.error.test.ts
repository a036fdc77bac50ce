import { describe, expect, it } from "vitest";
import { DEFAULT_PLANS } from "../../../worker/contracts/index.ts";
import { bearer, createOrg, createTenant, OPERATOR_TOKEN, problem, request } from "../harness.ts";

const operator = bearer(OPERATOR_TOKEN);
const putPlan = (name: string, plan: unknown) =>
  request(`/v1/admin/plans/${name}`, { method: "PUT", headers: operator, json: plan });
const deletePlan = (name: string) =>
  request(`/v1/admin/plans/${name}`, { method: "DELETE", headers: operator });

describe("operator plans: errors", () => {
  it.each([
    [{ ...DEFAULT_PLANS.starter, requestsCpu: "lots" }, "requestsCpu"],
    [{ ...DEFAULT_PLANS.starter, requestsCpu: "9" }, "requestsCpu"],
    [{ ...DEFAULT_PLANS.starter, runtimeClassName: "Not A Name" }, "runtimeClassName"],
    [{ ...DEFAULT_PLANS.starter, tolerations: [{ effect: "Sometimes" }] }, "tolerations.0.effect"],
    [{ ...DEFAULT_PLANS.starter, backupSchedule: "daily" }, "backupSchedule"],
    [{ ...DEFAULT_PLANS.starter, backupRetention: { count: 0 } }, "backupRetention.count"],
  ])("refuses an invalid plan (%#) naming the field", async (plan, path) => {
    const res = await putPlan("broken", plan);
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.map((e) => e.path)).toContain(path);
    expect((await request("/v1/admin/plans/broken", { headers: operator })).status).toBe(404);
  });

  it("answers 404 for a plan that does not exist", async () => {
    expect((await request("/v1/admin/plans/platinum", { headers: operator })).status).toBe(404);
    expect((await deletePlan("platinum")).status).toBe(404);
  });

  it("refuses to delete the default plan", async () => {
    const res = await deletePlan("starter");
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("invalid_state");
  });

  it("refuses to delete a plan a tenant is on", async () => {
    expect((await putPlan("tenant-plan", DEFAULT_PLANS.starter)).status).toBe(200);
    await createTenant(await createOrg(), { plan: "tenant-plan" });
    const res = await deletePlan("tenant-plan");
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain("1 tenant(s)");
    expect((await request("/v1/admin/plans/tenant-plan", { headers: operator })).status).toBe(200);
  });

  it("refuses to delete a plan an organization is on", async () => {
    expect((await putPlan("org-plan", DEFAULT_PLANS.starter)).status).toBe(200);
    const created = await request("/v1/admin/organizations", {
      method: "POST",
      headers: operator,
      json: { name: "On org-plan", plan: "org-plan" },
    });
    expect(created.status).toBe(201);
    const res = await deletePlan("org-plan");
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain("1 organization(s)");
  });
});

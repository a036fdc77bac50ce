import { describe, expect, it } from "vitest";
import { DEFAULT_PLANS } from "../../../worker/contracts/index.ts";
import { bearer, createOrg, OPERATOR_TOKEN, problem, request } from "../harness.ts";

const operator = bearer(OPERATOR_TOKEN);

describe("organization defaults errors", () => {
  it("refuses a defaultTenantPlan the platform does not have, and changes nothing", async () => {
    const org = await createOrg();
    const res = await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { name: "Kept out", defaultTenantPlan: "platinum" },
    });
    expect(res.status).toBe(400);
    const refusal = await problem(res);
    expect(refusal.code).toBe("validation_failed");
    expect(refusal.errors).toEqual([
      { path: "defaultTenantPlan", message: expect.stringContaining("starter") },
    ]);
    const shown = await request("/v1/organization", { headers: org.headers });
    const organization = (await shown.json()) as { name: string; defaultTenantPlan: null };
    expect(organization.defaultTenantPlan).toBeNull();
    expect(organization.name).not.toBe("Kept out");
  });

  it("refuses webhook defaults naming an event that does not exist, or unknown fields", async () => {
    const org = await createOrg();
    for (const webhookDefaults of [
      { events: ["tenant.exploded"] },
      { events: [] },
      { url: "https://example.com/hook" },
    ]) {
      const res = await request("/v1/organization", {
        method: "PATCH",
        headers: org.headers,
        json: { webhookDefaults },
      });
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.[0]?.path).toMatch(/^webhookDefaults/);
    }
  });

  it("a plan an organization defaults its tenants to cannot be deleted", async () => {
    const put = await request("/v1/admin/plans/gold", {
      method: "PUT",
      headers: operator,
      json: DEFAULT_PLANS.starter,
    });
    expect(put.status).toBe(200);
    const org = await createOrg();
    await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { defaultTenantPlan: "gold" },
    });
    const refused = await request("/v1/admin/plans/gold", { method: "DELETE", headers: operator });
    expect(refused.status).toBe(409);
    expect((await problem(refused)).detail).toContain("1 organization(s)");

    await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: { defaultTenantPlan: null },
    });
    const deleted = await request("/v1/admin/plans/gold", { method: "DELETE", headers: operator });
    expect(deleted.status).toBe(204);
  });
});

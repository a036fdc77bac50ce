import { describe, expect, it } from "vitest";
import { DEFAULT_PLANS } from "../../../worker/contracts/index.ts";
import { bearer, createOrg, OPERATOR_TOKEN, request } from "../harness.ts";

describe("plans security", () => {
  it("needs a provider credential to list plans; the operator token is not one", async () => {
    expect((await request("/v1/plans")).status).toBe(401);
    expect((await request("/v1/plans", { headers: bearer(OPERATOR_TOKEN) })).status).toBe(401);
  });

  it("refuses provider credentials, even admin keys, on the operator plan routes", async () => {
    const org = await createOrg();
    for (const headers of [{}, org.headers, bearer(`${OPERATOR_TOKEN}x`)]) {
      expect((await request("/v1/admin/plans", { headers })).status).toBe(401);
      expect((await request("/v1/admin/plans/starter", { headers })).status).toBe(401);
      const put = await request("/v1/admin/plans/starter", {
        method: "PUT",
        headers,
        json: { ...DEFAULT_PLANS.starter, pods: 1000 },
      });
      expect(put.status).toBe(401);
      const del = await request("/v1/admin/plans/enterprise", { method: "DELETE", headers });
      expect(del.status).toBe(401);
    }
    const plans = await request("/v1/admin/plans/starter", { headers: bearer(OPERATOR_TOKEN) });
    expect(((await plans.json()) as { plan: { pods: number } }).plan.pods).toBe(
      DEFAULT_PLANS.starter?.pods,
    );
  });
});

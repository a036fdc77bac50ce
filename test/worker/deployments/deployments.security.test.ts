import { describe, expect, it } from "vitest";
import { createOrg, request, tenantBody } from "../harness.ts";
import type { TenantOperation } from "../types.ts";

describe("deployments across organizations", () => {
  it("answers another organization's deployment with 404", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const { deployment } = (await (
      await request("/v1/tenants", { method: "POST", headers: owner.headers, json: tenantBody() })
    ).json()) as TenantOperation;
    const res = await request(`/v1/deployments/${deployment.id}`, { headers: other.headers });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(
      (await request(`/v1/deployments/${deployment.id}`, { headers: owner.headers })).status,
    ).toBe(200);
  });

  it("requires credentials", async () => {
    expect((await request("/v1/deployments/dep_00000000000000000000")).status).toBe(401);
  });
});

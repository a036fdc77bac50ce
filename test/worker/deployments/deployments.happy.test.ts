import { describe, expect, it } from "vitest";
import { createOrg, request, tenantBody } from "../harness.ts";
import type { Deployment, Page, TenantOperation } from "../types.ts";

describe("deployments", () => {
  it("lists a tenant's deployments newest first and gets one by id", async () => {
    const org = await createOrg();
    const created = (await (
      await request("/v1/tenants", { method: "POST", headers: org.headers, json: tenantBody() })
    ).json()) as TenantOperation;
    const deleted = (await (
      await request(`/v1/tenants/${created.tenant.id}`, { method: "DELETE", headers: org.headers })
    ).json()) as TenantOperation;

    const page = (await (
      await request(`/v1/tenants/${created.tenant.id}/deployments`, { headers: org.headers })
    ).json()) as Page<Deployment>;
    expect(page.data.map((d) => [d.id, d.kind])).toEqual([
      [deleted.deployment.id, "deprovision"],
      [created.deployment.id, "provision"],
    ]);
    expect(page.nextCursor).toBeNull();

    const res = await request(`/v1/deployments/${created.deployment.id}`, { headers: org.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(created.deployment);
  });

  it("pages with limit and cursor", async () => {
    const org = await createOrg();
    const { tenant } = (await (
      await request("/v1/tenants", { method: "POST", headers: org.headers, json: tenantBody() })
    ).json()) as TenantOperation;
    await request(`/v1/tenants/${tenant.id}`, { method: "DELETE", headers: org.headers });
    const first = (await (
      await request(`/v1/tenants/${tenant.id}/deployments?limit=1`, { headers: org.headers })
    ).json()) as Page<Deployment>;
    expect(first.data).toHaveLength(1);
    const second = (await (
      await request(`/v1/tenants/${tenant.id}/deployments?limit=1&cursor=${first.nextCursor}`, {
        headers: org.headers,
      })
    ).json()) as Page<Deployment>;
    expect(second.data.map((d) => d.kind)).toEqual(["provision"]);
    expect(second.nextCursor).toBeNull();
  });
});

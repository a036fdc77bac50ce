import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, problem, request, type TestOrg } from "../harness.ts";
import { patchService, patchTenant, redeploy, settledTenant } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

const everyChange = (org: TestOrg, tenantId: string) => [
  redeploy(org, tenantId),
  patchService(org, tenantId, { envSet: { LOG_LEVEL: "debug" } }),
  patchTenant(org, tenantId, { plan: "business" }),
];

describe("redeploys across organizations and scopes", () => {
  it("answers 404 for another organization's tenant, as for a missing one, and queues nothing", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const tenant = await settledTenant(owner);
    const jobs = captureJobs();
    for (const res of await Promise.all(everyChange(other, tenant.id))) {
      expect(res.status).toBe(404);
      expect((await problem(res)).code).toBe("not_found");
    }
    const missing = await redeploy(other, "ten_00000000000000000000");
    expect(missing.status).toBe(404);
    expect(jobs).toEqual([]);
  });

  it("needs the write scope", async () => {
    const owner = await createOrg();
    const tenant = await settledTenant(owner);
    const reader = await createOrg(["read"]);
    for (const res of await Promise.all(everyChange(reader, tenant.id))) {
      expect(res.status).toBe(403);
    }
  });

  it("refuses requests without credentials", async () => {
    const owner = await createOrg();
    const tenant = await settledTenant(owner);
    const res = await request(`/v1/tenants/${tenant.id}/deployments`, { method: "POST" });
    expect(res.status).toBe(401);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, problem, request } from "../harness.ts";
import { settledTenant } from "../redeploy/support.ts";
import { readKey, resumeTenant, suspendedTenant, suspendTenant } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

describe("suspension across organizations and scopes", () => {
  it("answers 404 for another organization's tenant and queues nothing", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const tenant = await settledTenant(owner);
    const jobs = captureJobs();
    for (const res of [
      await suspendTenant(other, tenant.id),
      await resumeTenant(other, tenant.id),
    ]) {
      expect(res.status).toBe(404);
      expect((await problem(res)).code).toBe("not_found");
    }
    expect(jobs).toEqual([]);
  });

  it("answers 403 to a read-scoped key of the owner", async () => {
    const owner = await createOrg();
    const tenant = await settledTenant(owner);
    await suspendedTenant(owner, tenant.id);
    const headers = await readKey(owner);
    for (const action of ["suspend", "resume"]) {
      const res = await request(`/v1/tenants/${tenant.id}/${action}`, { method: "POST", headers });
      expect(res.status).toBe(403);
    }
  });
});

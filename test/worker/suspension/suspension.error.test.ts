import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, createTenant, problem } from "../harness.ts";
import { patchService, patchTenant, redeploy, settledTenant } from "../redeploy/support.ts";
import { resumeTenant, suspendedTenant, suspendTenant } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

describe("suspension refusals", () => {
  it("refuses to suspend a tenant that is not active, and to resume one that is not suspended", async () => {
    const org = await createOrg();
    const provisioning = await createTenant(org);
    const res = await suspendTenant(org, provisioning.tenant.id);
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain("only an active tenant can be suspended");
    const active = await settledTenant(org);
    const resume = await resumeTenant(org, active.id);
    expect(resume.status).toBe(409);
    expect((await problem(resume)).detail).toContain("only a suspended tenant can be resumed");
  });

  it("refuses a suspend while another deployment of the tenant is running", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    expect((await redeploy(org, tenant.id)).status).toBe(202);
    const res = await suspendTenant(org, tenant.id);
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain("still queued");
  });

  it("refuses redeploys and service, env or plan changes of a suspended tenant until it is resumed", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    await suspendedTenant(org, tenant.id);
    const jobs = captureJobs();
    for (const res of [
      await redeploy(org, tenant.id),
      await patchService(org, tenant.id, { port: 8080 }),
      await patchService(org, tenant.id, { envSet: { LOG_LEVEL: "debug" } }),
      await patchTenant(org, tenant.id, { plan: "business" }),
    ]) {
      expect(res.status).toBe(409);
      const body = await problem(res);
      expect(body.code).toBe("invalid_state");
      expect(body.detail).toContain("The tenant is suspended; resume it");
    }
    expect(jobs).toEqual([]);
  });
});

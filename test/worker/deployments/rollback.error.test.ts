import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, createTenant, problem } from "../harness.ts";
import { finishDeployment, redeploy } from "../redeploy/support.ts";
import type { TenantOperation } from "../types.ts";
import { rollback, tenantWithTwoVersions } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

describe("rollback refusals", () => {
  it("refuses a deployment that is not ready", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    const queued = await rollback(org, created.deployment.id);
    expect(queued.status).toBe(409);
    expect(await problem(queued)).toMatchObject({
      code: "invalid_state",
      detail: expect.stringContaining("is queued; only a ready deployment"),
    });
    await finishDeployment(created.deployment.id, "failed");
    const failed = await rollback(org, created.deployment.id);
    expect(failed.status).toBe(409);
    expect((await problem(failed)).detail).toContain("is failed");
  });

  it("refuses a ready deployment that recorded no images", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    await finishDeployment(created.deployment.id, "ready");
    const res = await rollback(org, created.deployment.id);
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain("recorded no image for web");
  });

  it("refuses while another deployment of the tenant is active, and queues nothing", async () => {
    const org = await createOrg();
    const { tenantId, first } = await tenantWithTwoVersions(org);
    const active = (await (await redeploy(org, tenantId)).json()) as TenantOperation;
    const jobs = captureJobs();
    const res = await rollback(org, first);
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain(`Deployment ${active.deployment.id}`);
    expect(jobs).toEqual([]);
  });

  it("answers 404 for an unknown deployment", async () => {
    const org = await createOrg();
    const res = await rollback(org, "dep_00000000000000000000");
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe("not_found");
  });
});

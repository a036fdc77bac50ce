import { describe, expect, it } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import { finishDeployment } from "../redeploy/support.ts";
import type { TenantOperation } from "../types.ts";
import { cancel } from "./support.ts";

describe("cancel refusals", () => {
  it("answers 409 for a deployment that has finished", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    await finishDeployment(created.deployment.id, "ready");
    const res = await cancel(org, created.deployment.id);
    expect(res.status).toBe(409);
    expect(await problem(res)).toMatchObject({
      code: "invalid_state",
      detail: expect.stringContaining("is ready; only a queued or running one"),
    });
  });

  it("answers 409 for a second cancellation of a queued deployment", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    expect((await cancel(org, created.deployment.id)).status).toBe(202);
    const again = await cancel(org, created.deployment.id);
    expect(again.status).toBe(409);
    expect((await problem(again)).detail).toContain("is cancelled");
  });

  it("refuses to cancel a deletion", async () => {
    const org = await createOrg();
    const created = await createTenant(org);
    await finishDeployment(created.deployment.id, "ready");
    const deletion = (await (
      await request(`/v1/tenants/${created.tenant.id}`, { method: "DELETE", headers: org.headers })
    ).json()) as TenantOperation;
    const res = await cancel(org, deletion.deployment.id);
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain("a deletion cannot be cancelled");
  });

  it("answers 404 for an unknown deployment", async () => {
    const org = await createOrg();
    const res = await cancel(org, "dep_00000000000000000000");
    expect(res.status).toBe(404);
  });
});

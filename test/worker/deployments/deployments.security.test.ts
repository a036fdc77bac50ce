import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, problem } from "../harness.ts";
import { redeploy } from "../redeploy/support.ts";
import { readDeployment } from "../support/seed.ts";
import type { TenantOperation } from "../types.ts";
import { cancel, rollback, tenantWithTwoVersions } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

describe("rollback and cancel across organizations and scopes", () => {
  it("answers 404 for another organization's deployment and changes nothing", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const { tenantId, first } = await tenantWithTwoVersions(owner);
    const active = (await (await redeploy(owner, tenantId)).json()) as TenantOperation;
    const jobs = captureJobs();
    for (const res of [await rollback(other, first), await cancel(other, active.deployment.id)]) {
      expect(res.status).toBe(404);
      expect((await problem(res)).code).toBe("not_found");
    }
    expect(jobs).toEqual([]);
    expect(await readDeployment(active.deployment.id)).toMatchObject({ status: "queued" });
  });

  it("answers 403 to a read-only key", async () => {
    const owner = await createOrg();
    const reader = await createOrg(["read"]);
    const { first } = await tenantWithTwoVersions(owner);
    for (const res of [await rollback(reader, first), await cancel(reader, first)]) {
      expect(res.status).toBe(403);
      expect((await problem(res)).code).toBe("forbidden");
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, problem, type TestOrg } from "../harness.ts";
import { patchService, patchTenant, redeploy, settledTenant } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

const everyChange = (org: TestOrg, tenantId: string) => [
  redeploy(org, tenantId),
  patchService(org, tenantId, { envSet: { LOG_LEVEL: "debug" } }),
  patchTenant(org, tenantId, { plan: "business" }),
];

describe("redeploys across organizations", () => {
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
});

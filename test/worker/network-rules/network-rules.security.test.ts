import { describe, expect, it } from "vitest";
import { keyWith } from "../env/support.ts";
import { captureJobs, createOrg, createTenant, problem, request } from "../harness.ts";
import { addedRule, rulesPath, settle } from "./support.ts";

describe("network rule access", () => {
  it("answers 404 to another organization and queues nothing", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const { tenant, deployment } = await createTenant(owner);
    await settle(deployment.id);
    const { networkRule, deployment: added } = await addedRule(owner, tenant.id, {
      cidr: "203.0.113.0/24",
    });
    await settle(added.id);
    const jobs = captureJobs();
    for (const [method, path, json] of [
      ["GET", rulesPath(tenant.id), undefined],
      ["POST", rulesPath(tenant.id), { cidr: "198.51.100.0/24" }],
      ["DELETE", rulesPath(tenant.id, networkRule.id), undefined],
    ] as const) {
      const res = await request(path, {
        method,
        headers: stranger.headers,
        ...(json ? { json } : {}),
      });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    expect(jobs).toEqual([]);
  });

  it("refuses a read key every write (403) and lets it list", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await settle(deployment.id);
    const read = await keyWith(org, ["read"]);
    const post = await request(rulesPath(tenant.id), {
      method: "POST",
      headers: read,
      json: { cidr: "203.0.113.0/24" },
    });
    expect((await problem(post)).code).toBe("forbidden");
    const del = await request(rulesPath(tenant.id, "nrl_0000000000000000none"), {
      method: "DELETE",
      headers: read,
    });
    expect((await problem(del)).code).toBe("forbidden");
    expect((await request(rulesPath(tenant.id), { headers: read })).status).toBe(200);
  });
});

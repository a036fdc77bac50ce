import { describe, expect, it } from "vitest";
import { keyWith } from "../env/support.ts";
import { captureJobs, createOrg, createTenant, problem, request } from "../harness.ts";
import { domainsPath, uniqueDomain } from "./support.ts";

describe("custom domain access", () => {
  it("answers 404 to another organization, reads and writes alike", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const domain = uniqueDomain();
    const { tenant } = await createTenant(owner, { domains: [domain] });
    const jobs = captureJobs();
    for (const [method, path, json] of [
      ["GET", domainsPath(tenant.id), undefined],
      ["POST", domainsPath(tenant.id), { domain: uniqueDomain() }],
      ["GET", domainsPath(tenant.id, domain), undefined],
      ["POST", domainsPath(tenant.id, domain, "verify"), undefined],
      ["DELETE", domainsPath(tenant.id, domain), undefined],
    ] as const) {
      const res = await request(path, {
        method,
        headers: stranger.headers,
        ...(json ? { json } : {}),
      });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    expect(jobs).toEqual([]);
    const still = await request(domainsPath(tenant.id, domain), { headers: owner.headers });
    expect(still.status).toBe(200);
  });

  it("refuses a read key every write (403) and lets it read", async () => {
    const org = await createOrg();
    const domain = uniqueDomain();
    const { tenant } = await createTenant(org, { domains: [domain] });
    const read = await keyWith(org, ["read"]);
    for (const [method, path, json] of [
      ["POST", domainsPath(tenant.id), { domain: uniqueDomain() }],
      ["POST", domainsPath(tenant.id, domain, "verify"), undefined],
      ["DELETE", domainsPath(tenant.id, domain), undefined],
    ] as const) {
      const res = await request(path, { method, headers: read, ...(json ? { json } : {}) });
      expect((await problem(res)).code).toBe("forbidden");
    }
    expect((await request(domainsPath(tenant.id), { headers: read })).status).toBe(200);
  });
});

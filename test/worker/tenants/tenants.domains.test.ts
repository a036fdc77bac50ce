import { describe, expect, it } from "vitest";
import { createOrg, problem, request, tenantBody } from "../harness.ts";
import type { TenantOperation } from "../types.ts";

const unique = () => `app-${crypto.randomUUID().slice(0, 8)}.acme.com`;

async function post(body: unknown) {
  const org = await createOrg();
  return request("/v1/tenants", { method: "POST", headers: org.headers, json: body });
}

describe("custom domains", () => {
  it("are claimed for the tenant as pending domains", async () => {
    const domain = unique();
    const res = await post(tenantBody({ domains: [domain] }));
    expect(res.status).toBe(202);
    const { tenant } = (await res.json()) as TenantOperation & { tenant: { domains: string[] } };
    expect(tenant.domains).toEqual([domain]);
  });

  it("route to one tenant only, across organizations", async () => {
    const domain = unique();
    expect((await post(tenantBody({ domains: [domain] }))).status).toBe(202);
    const second = await post(tenantBody({ domains: [unique(), domain] }));
    expect(second.status).toBe(409);
    const body = await problem(second);
    expect(body.code).toBe("domain_taken");
    expect(body.detail).toContain(domain);
  });

  it("refuse hostnames that are malformed, repeated or under the platform domain", async () => {
    for (const [domains, path] of [
      [["Not A Host"], "domains.0"],
      [["*.acme.com"], "domains.0"],
      [["acme.com."], "domains.0"],
      [["x.acme.com", "x.acme.com"], "domains"],
      [["other.enclave.localhost"], "domains.0"],
    ] as const) {
      const res = await post(tenantBody({ domains }));
      expect(res.status, JSON.stringify(domains)).toBe(400);
      const body = await problem(res);
      expect(body.errors?.map((e) => e.path)).toContain(path);
    }
  });
});

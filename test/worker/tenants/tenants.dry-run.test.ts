import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PLANS } from "../../../worker/contracts/index.ts";
import {
  bearer,
  captureJobs,
  createOrg,
  createTenant,
  OPERATOR_TOKEN,
  problem,
  request,
  tenantBody,
} from "../harness.ts";
import type { Page } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

const dryRun = (org: { headers: Record<string, string> }, body: unknown, headers = {}) =>
  request("/v1/tenants?dryRun=true", {
    method: "POST",
    headers: { ...org.headers, ...headers },
    json: body,
  });

describe("POST /v1/tenants?dryRun=true", () => {
  it("answers what would be created, env masked and DNS records named, and creates nothing", async () => {
    const org = await createOrg();
    const jobs = captureJobs();
    const body = tenantBody({ domains: ["app.acme.com"] });
    const res = await dryRun(org, body);
    expect(res.status).toBe(200);
    const preview = (await res.json()) as Record<string, unknown>;
    expect(preview).toMatchObject({
      dryRun: true,
      tenant: { name: "Acme Corp", slug: body.slug, url: `https://${body.slug}.enclave.localhost` },
      plan: { name: "starter", quota: DEFAULT_PLANS.starter },
      services: [
        {
          name: "web",
          port: 3000,
          replicas: 1,
          env: { LOG_LEVEL: "********", API_TOKEN: "********" },
          build: "detected and built from the repository when the deployment runs",
        },
      ],
      database: { engine: "postgres", version: "16", storage: "5Gi" },
      domains: [
        {
          domain: "app.acme.com",
          records: [
            { type: "CNAME", name: "app.acme.com", value: `${body.slug}.enclave.localhost` },
          ],
        },
      ],
      usage: { pods: { used: 3, allowed: 20 }, persistentVolumeClaims: { used: 1, allowed: 4 } },
    });
    expect(JSON.stringify(preview)).not.toContain("s3cr3t-value");
    expect(jobs).toEqual([]);
    const list = (await (
      await request("/v1/tenants", { headers: org.headers })
    ).json()) as Page<unknown>;
    expect(list.data).toEqual([]);
    const audit = (await (await request("/v1/audit", { headers: org.headers })).json()) as Page<{
      action: string;
    }>;
    expect(audit.data.map((entry) => entry.action)).not.toContain("tenant.create");
  });

  it("refuses what the real request would refuse, with the field named", async () => {
    const org = await createOrg();
    const invalid = await dryRun(org, tenantBody({ slug: "Not A Slug" }));
    expect(invalid.status).toBe(400);
    expect((await problem(invalid)).errors?.map((e) => e.path)).toContain("slug");

    const badVersion = await dryRun(
      org,
      tenantBody({ database: { engine: "postgres", version: "1" } }),
    );
    expect((await problem(badVersion)).errors?.map((e) => e.path)).toEqual(["database.version"]);

    const { tenant } = await createTenant(org);
    const taken = await dryRun(org, tenantBody({ slug: tenant.slug }));
    expect(taken.status).toBe(409);
    expect((await problem(taken)).code).toBe("slug_taken");
  });

  it("checks that the tenant fits its plan", async () => {
    const org = await createOrg();
    const put = await request("/v1/admin/config/plans", {
      method: "PUT",
      headers: bearer(OPERATOR_TOKEN),
      json: { value: { ...DEFAULT_PLANS, tiny: { ...DEFAULT_PLANS.starter, pods: 1 } } },
    });
    expect(put.status).toBe(200);
    try {
      const res = await dryRun(org, tenantBody({ plan: "tiny" }));
      expect(res.status).toBe(422);
      const refusal = await problem(res);
      expect(refusal.code).toBe("plan_limit_exceeded");
      expect(refusal.errors).toEqual([
        {
          path: "plan",
          message: expect.stringMatching(/^the tiny plan's pods is 1, and .* need 3$/),
        },
      ]);
    } finally {
      await request("/v1/admin/config/plans", {
        method: "DELETE",
        headers: bearer(OPERATOR_TOKEN),
      });
    }
  });

  it("does not occupy an Idempotency-Key: the real create with the same key still runs", async () => {
    const org = await createOrg();
    const body = tenantBody();
    const headers = { "idempotency-key": `dry-${crypto.randomUUID()}` };
    expect((await dryRun(org, body, headers)).status).toBe(200);
    const created = await request("/v1/tenants", {
      method: "POST",
      headers: { ...org.headers, ...headers },
      json: body,
    });
    expect(created.status).toBe(202);
  });

  it("needs the write scope like the real request", async () => {
    const org = await createOrg(["read"]);
    const res = await dryRun(org, tenantBody());
    expect(res.status).toBe(403);
  });
});

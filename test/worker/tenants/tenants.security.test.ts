import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { issueApiKey } from "../../../worker/auth/issue-key.ts";
import { createDb } from "../../../worker/db/client.ts";
import {
  bearer,
  captureJobs,
  createOrg,
  createTenant,
  problem,
  request,
  signUserJwt,
  tenantBody,
  workerEnv,
} from "../harness.ts";
import { readTenant } from "../support/seed.ts";
import type { Page, Tenant, TenantOperation } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

describe("tenants across organizations", () => {
  it("answers another organization's tenant exactly like a missing one", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const { tenant } = await createTenant(owner);
    const missing = await request("/v1/tenants/ten_00000000000000000000", {
      headers: other.headers,
    });
    const cases = [
      request(`/v1/tenants/${tenant.id}`, { headers: other.headers }),
      request(`/v1/tenants/${tenant.id}`, {
        method: "PATCH",
        headers: other.headers,
        json: { plan: "business" },
      }),
      request(`/v1/tenants/${tenant.id}`, { method: "DELETE", headers: other.headers }),
      request(`/v1/tenants/${tenant.id}/deployments`, { headers: other.headers }),
    ];
    const missingBody = await problem(missing);
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = await problem(res);
      expect({ code: body.code, title: body.title }).toEqual({
        code: missingBody.code,
        title: missingBody.title,
      });
    }
    const still = await request(`/v1/tenants/${tenant.id}`, { headers: owner.headers });
    expect(((await still.json()) as Tenant).status).toBe("provisioning");
  });

  it("lists only the caller's tenants", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    await createTenant(owner);
    const page = (await (
      await request("/v1/tenants", { headers: other.headers })
    ).json()) as Page<Tenant>;
    expect(page.data).toEqual([]);
  });

  it("takes the organization from the credential, never from the body", async () => {
    const org = await createOrg();
    const victim = await createOrg();
    const smuggled = await request("/v1/tenants", {
      method: "POST",
      headers: org.headers,
      json: tenantBody({ organizationId: victim.orgId }),
    });
    expect(smuggled.status).toBe(400);
    expect((await problem(smuggled)).errors?.map((error) => error.message).join()).toContain(
      "organizationId",
    );
    const credentials = [
      org.headers,
      bearer(await signUserJwt({ orgId: org.orgId, scope: "write" })),
    ];
    for (const headers of credentials) {
      const res = await request("/v1/tenants", { method: "POST", headers, json: tenantBody() });
      expect(res.status).toBe(202);
      const { tenant } = (await res.json()) as TenantOperation;
      expect((await readTenant(tenant.id)).organization_id).toBe(org.orgId);
      const seen = await request(`/v1/tenants/${tenant.id}`, { headers: victim.headers });
      expect(seen.status).toBe(404);
    }
    const victimPage = await request("/v1/tenants", { headers: victim.headers });
    expect(((await victimPage.json()) as Page<Tenant>).data).toEqual([]);
  });
});

describe("tenant credentials and scopes", () => {
  it("reads nothing without the read scope", async () => {
    const owner = await createOrg();
    const { tenant } = await createTenant(owner);
    const scopeless = await issueApiKey(createDb(workerEnv.DB), workerEnv, {
      organizationId: owner.orgId,
      name: "no scopes",
      scopes: [],
      createdBy: "test",
    });
    await scopeless.insert;
    for (const path of ["/v1/tenants", `/v1/tenants/${tenant.id}`]) {
      const denied = await request(path, { headers: bearer(scopeless.key) });
      expect(denied.status).toBe(403);
      expect((await problem(denied)).code).toBe("forbidden");
    }
  });

  it("rejects a malformed key before any database lookup", async () => {
    const prepare = vi.spyOn(env.DB, "prepare");
    for (const token of [
      "enc_test_short_secret",
      "enc_live_abcdefghjkmn_0123456789abcdefghjkmnpqrstvwxyz",
      `enc_test_ABCDEFGHJKMN_${"a".repeat(32)}`,
      "not-a-key",
    ]) {
      const res = await request("/v1/tenants", { headers: bearer(token) });
      expect(res.status).toBe(401);
    }
    expect(prepare).not.toHaveBeenCalled();
    const org = await createOrg();
    await request("/v1/tenants", { headers: org.headers });
    expect(prepare).toHaveBeenCalled();
  });

  it("rejects a well-formed key with a wrong secret", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const forged = org.key.replace(/_[0-9a-z]{32}$/, `_${"0".repeat(32)}`);
    expect((await request("/v1/tenants", { headers: bearer(forged) })).status).toBe(401);
    // The key's lookup carries the tenant's reads, selected by the key's prefix: they are
    // thrown away with the key.
    const read = await request(`/v1/tenants/${tenant.id}`, { headers: bearer(forged) });
    expect(read.status).toBe(401);
    expect(await read.text()).not.toContain(tenant.slug);
  });

  it("shows a tenant alike to an API key, whose lookup carries the reads, and to a member", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const member = bearer(await signUserJwt({ orgId: org.orgId, scope: "read" }));
    for (const address of [tenant.id, tenant.slug]) {
      const byKey = await request(`/v1/tenants/${address}`, { headers: org.headers });
      const byMember = await request(`/v1/tenants/${address}`, { headers: member });
      expect(byKey.status).toBe(200);
      expect(await byKey.json()).toEqual(await byMember.json());
    }
  });

  it("refuses a revoked key at once", async () => {
    const admin = await createOrg();
    const created = await request("/v1/api-keys", {
      method: "POST",
      headers: admin.headers,
      json: { name: "ci", scopes: ["write"] },
    });
    const { apiKey, key } = (await created.json()) as { apiKey: { id: string }; key: string };
    const { tenant } = await createTenant(admin);
    expect((await request("/v1/tenants", { headers: bearer(key) })).status).toBe(200);
    const path = `/v1/tenants/${tenant.id}`;
    expect((await request(path, { headers: bearer(key) })).status).toBe(200);
    await request(`/v1/api-keys/${apiKey.id}`, { method: "DELETE", headers: admin.headers });
    expect((await request("/v1/tenants", { headers: bearer(key) })).status).toBe(401);
    expect((await request(path, { headers: bearer(key) })).status).toBe(401);
  });

  it("keeps env values out of responses, the job message and the audit log", async () => {
    const jobs = captureJobs();
    const org = await createOrg();
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: org.headers,
      json: tenantBody(),
    });
    const { tenant, deployment } = (await res.json()) as TenantOperation;
    const audit = await env.DB.prepare("SELECT * FROM audit_log WHERE target_id = ?")
      .bind(tenant.id)
      .all();
    expect(jobs).toEqual([
      { type: "provision", deploymentId: deployment.id, tenantId: tenant.id, attempt: 1 },
    ]);
    expect(audit.results).toHaveLength(1);
    expect(tenant.services[0]?.env).toHaveProperty("API_TOKEN");
    for (const text of [
      JSON.stringify(tenant),
      JSON.stringify(jobs),
      JSON.stringify(audit.results),
    ]) {
      expect(text).not.toContain("s3cr3t-value");
    }
  });
});

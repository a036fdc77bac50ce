import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, createTenant, request, tenantBody } from "../harness.ts";
import type { AuditEntry, Page, Tenant, TenantOperation } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

describe("POST /v1/tenants", () => {
  it("creates a provisioning tenant and a queued deployment, and queues the provision job", async () => {
    const jobs = captureJobs();
    const org = await createOrg();
    const body = tenantBody();
    const res = await request("/v1/tenants", { method: "POST", headers: org.headers, json: body });
    expect(res.status).toBe(202);
    const created = (await res.json()) as TenantOperation;
    expect(created.tenant).toMatchObject({
      name: "Acme Corp",
      slug: body.slug,
      plan: "starter",
      status: "provisioning",
      database: { engine: "postgres", version: "16" },
      url: `https://${body.slug}.enclave.localhost`,
    });
    expect(created.tenant.id).toMatch(/^ten_[0-9a-z]{20}$/);
    expect(created.deployment).toMatchObject({
      tenantId: created.tenant.id,
      kind: "provision",
      status: "queued",
      attempt: 1,
    });
    expect(created.deployment.id).toMatch(/^dep_[0-9a-z]{20}$/);
    expect(created.links).toEqual({
      events: `/v1/deployments/${created.deployment.id}/events`,
      ws: `/v1/deployments/${created.deployment.id}/ws`,
    });
    expect(jobs).toEqual([
      {
        type: "provision",
        deploymentId: created.deployment.id,
        tenantId: created.tenant.id,
        attempt: 1,
      },
    ]);
  });

  it("shows env names with masked values and stores the values encrypted", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const service = tenant.services[0];
    expect(service?.env).toEqual({ LOG_LEVEL: "********", API_TOKEN: "********" });
    const row = await env.DB.prepare("SELECT env_ciphertext, env_keys FROM services WHERE id = ?")
      .bind(service?.id)
      .first<{ env_ciphertext: string; env_keys: string }>();
    expect(row?.env_ciphertext).toBeTruthy();
    expect(row?.env_ciphertext).not.toContain("s3cr3t-value");
    expect(JSON.parse(row?.env_keys ?? "[]")).toEqual(["LOG_LEVEL", "API_TOKEN"]);
  });

  it("accepts github and image sources, defaults and no database", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org, {
      plan: undefined,
      database: undefined,
      services: [
        { name: "api", source: { type: "github", repo: "acme/app", path: "apps/api" }, port: 8080 },
        { name: "worker", source: { type: "image", image: "ghcr.io/acme/app:1.2.3" }, port: 9000 },
      ],
    });
    expect(tenant.plan).toBe("starter");
    expect(tenant.database).toBeNull();
    expect(tenant.services.map((s) => s.source)).toEqual([
      { type: "github", repo: "acme/app", path: "apps/api" },
      { type: "image", image: "ghcr.io/acme/app:1.2.3" },
    ]);
    expect(tenant.services[0]?.healthPath).toBe("/");
  });

  it("gives a database without a version the platform's default version, and says which", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org, { database: { engine: "postgres" } });
    expect(tenant.database).toEqual({ engine: "postgres", version: "17" });
    const mysql = await createTenant(org, { database: { engine: "mysql" } });
    expect(mysql.tenant.database).toEqual({ engine: "mysql", version: "8.4" });
    const res = await request(`/v1/tenants/${tenant.id}`, { headers: org.headers });
    expect(((await res.json()) as Tenant).database).toEqual({
      engine: "postgres",
      version: "17",
    });
  });

  it("stores a git source without a ref as the remote's default branch, not main", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org, {
      services: [
        { name: "web", source: { type: "git", url: "https://gitlab.com/acme/app.git" }, port: 80 },
      ],
    });
    expect(tenant.services[0]?.source).toEqual({
      type: "git",
      url: "https://gitlab.com/acme/app.git",
      path: ".",
    });
  });

  it("accepts file:// URLs and absolute paths in local mode", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org, {
      services: [
        { name: "a", source: { type: "git", url: "file:///srv/repos/app.git" }, port: 3000 },
        { name: "b", source: { type: "git", url: "/home/me/app" }, port: 3000 },
      ],
    });
    expect(tenant.services).toHaveLength(2);
  });

  it("writes an audit row with the actor, action, target and request id", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: { ...org.headers, "x-request-id": "req-audit-check-1" },
      json: tenantBody(),
    });
    const { tenant } = (await res.json()) as TenantOperation;
    const audit = (await (
      await request("/v1/audit", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data[0]).toMatchObject({
      actor: `key:${org.keyId}`,
      action: "tenant.create",
      targetType: "tenant",
      targetId: tenant.id,
      requestId: "req-audit-check-1",
    });
    expect(JSON.stringify(audit)).not.toContain("s3cr3t-value");
  });
});

describe("GET /v1/tenants", () => {
  it("pages newest first with an opaque cursor and filters by status", async () => {
    const org = await createOrg();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createTenant(org)).tenant.id);
    const first = (await (
      await request("/v1/tenants?limit=2", { headers: org.headers })
    ).json()) as Page<Tenant>;
    expect(first.data.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (
      await request(`/v1/tenants?limit=2&cursor=${first.nextCursor}`, { headers: org.headers })
    ).json()) as Page<Tenant>;
    expect(second.data.map((t) => t.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    await request(`/v1/tenants/${ids[0]}`, { method: "DELETE", headers: org.headers });
    const deleting = (await (
      await request("/v1/tenants?status=deleting", { headers: org.headers })
    ).json()) as Page<Tenant>;
    expect(deleting.data.map((t) => t.id)).toEqual([ids[0]]);
  });
});

describe("GET/PATCH/DELETE /v1/tenants/:id", () => {
  it("gets the tenant with its services", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const res = await request(`/v1/tenants/${tenant.id}`, { headers: org.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(tenant);
  });

  it("addresses a tenant by its slug on every tenant route, as by its id", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const byId = await (await request(`/v1/tenants/${tenant.id}`, { headers: org.headers })).json();
    const get = await request(`/v1/tenants/${tenant.slug}`, { headers: org.headers });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual(byId);
    const deployments = await request(`/v1/tenants/${tenant.slug}/deployments`, {
      headers: org.headers,
    });
    expect(deployments.status).toBe(200);
    const renamed = await request(`/v1/tenants/${tenant.slug}`, {
      method: "PATCH",
      headers: org.headers,
      json: { name: "Renamed" },
    });
    expect(((await renamed.json()) as Tenant).id).toBe(tenant.id);
    const other = await createOrg();
    const hidden = await request(`/v1/tenants/${tenant.slug}`, { headers: other.headers });
    expect(hidden.status).toBe(404);
  });

  it("changes name and labels without a deployment, and audits the field names", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const res = await request(`/v1/tenants/${tenant.id}`, {
      method: "PATCH",
      headers: org.headers,
      json: { name: "Acme Inc", labels: { tier: "gold" } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "Acme Inc", labels: { tier: "gold" } });
    const audit = (await (
      await request("/v1/audit", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data[0]).toMatchObject({
      action: "tenant.update",
      targetId: tenant.id,
      metadata: { fields: ["name", "labels"] },
    });
  });

  it("deletes: the tenant goes to deleting and a deprovision job is queued", async () => {
    const jobs = captureJobs();
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const res = await request(`/v1/tenants/${tenant.id}`, {
      method: "DELETE",
      headers: org.headers,
    });
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    expect(op.tenant.status).toBe("deleting");
    expect(op.deployment).toMatchObject({
      kind: "deprovision",
      status: "queued",
      tenantId: tenant.id,
    });
    expect(jobs.at(-1)).toEqual({
      type: "deprovision",
      deploymentId: op.deployment.id,
      tenantId: tenant.id,
      attempt: 1,
    });
  });
});

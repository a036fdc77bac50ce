import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, request } from "../harness.ts";
import { readTenant } from "../support/seed.ts";
import type { AuditEntry, Page, Tenant, TenantOperation } from "../types.ts";
import {
  finishDeployment,
  patchService,
  patchTenant,
  redeploy,
  runnerSpec,
  settledTenant,
} from "./support.ts";

afterEach(() => vi.restoreAllMocks());

const lastAudit = async (headers: Record<string, string>) =>
  ((await (await request("/v1/audit", { headers })).json()) as Page<AuditEntry>).data[0];

describe("POST /v1/tenants/:id/deployments", () => {
  it("queues a provision deployment of a ready tenant, which stays active meanwhile", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const jobs = captureJobs();
    const res = await redeploy(org, tenant.id);
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    expect(op.tenant).toMatchObject({ id: tenant.id, status: "active" });
    expect(op.deployment).toMatchObject({
      tenantId: tenant.id,
      kind: "provision",
      status: "queued",
      attempt: 1,
    });
    expect(op.links).toEqual({
      events: `/v1/deployments/${op.deployment.id}/events`,
      ws: `/v1/deployments/${op.deployment.id}/ws`,
    });
    expect(jobs).toEqual([
      { type: "provision", deploymentId: op.deployment.id, tenantId: tenant.id, attempt: 1 },
    ]);
    expect(await lastAudit(org.headers)).toMatchObject({
      action: "tenant.redeploy",
      targetId: tenant.id,
      metadata: { deploymentId: op.deployment.id },
    });
    const spec = await runnerSpec(op.deployment.id);
    expect(spec.deployment).toEqual({ id: op.deployment.id, attempt: 1, kind: "provision" });
    expect(spec.tenant.wasReady).toBe(true);
  });

  it("recovers a tenant whose first build failed: provisioning again, then active", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org, "failed");
    expect((await readTenant(tenant.id)).status).toBe("failed");
    const res = await redeploy(org, tenant.id);
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    expect(op.tenant).toMatchObject({ status: "provisioning", statusReason: null });
    expect((await runnerSpec(op.deployment.id)).tenant.wasReady).toBe(false);
    await finishDeployment(op.deployment.id, "ready");
    expect(await readTenant(tenant.id)).toMatchObject({
      status: "active",
      status_reason: null,
      ready_at: expect.any(String),
    });
  });

  it("fails a recovering tenant again with the new reason when the redeploy fails", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org, "failed");
    const op = (await (await redeploy(org, tenant.id)).json()) as TenantOperation;
    await finishDeployment(op.deployment.id, "failed");
    expect(await readTenant(tenant.id)).toMatchObject({
      status: "failed",
      status_reason: "npm ci exited with 1",
      ready_at: null,
    });
  });

  it("replays the first answer for the same Idempotency-Key, queuing one job", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const jobs = captureJobs();
    const headers = { "idempotency-key": `redeploy-${tenant.id}` };
    const first = await redeploy(org, tenant.id, headers);
    const second = await redeploy(org, tenant.id, headers);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    const [a, b] = [
      (await first.json()) as TenantOperation,
      (await second.json()) as TenantOperation,
    ];
    expect(b.deployment.id).toBe(a.deployment.id);
    expect(jobs).toHaveLength(1);
  });
});

describe("PATCH /v1/tenants/:id with a plan", () => {
  it("records the plan and deploys it, so the new quotas reach the cluster", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const jobs = captureJobs();
    const res = await patchTenant(org, tenant.id, { plan: "business" });
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    expect(op.tenant).toMatchObject({ plan: "business", status: "active" });
    expect(op.deployment).toMatchObject({ kind: "provision", status: "queued" });
    expect(jobs.map((job) => job.deploymentId)).toEqual([op.deployment.id]);
    expect(await lastAudit(org.headers)).toMatchObject({
      action: "tenant.update",
      metadata: { fields: ["plan"], deploymentId: op.deployment.id },
    });
    expect((await runnerSpec(op.deployment.id)).tenant.plan).toBe("business");
  });

  it("answers the tenant alone when the plan does not change", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const jobs = captureJobs();
    const res = await patchTenant(org, tenant.id, { plan: tenant.plan, name: "Renamed" });
    expect(res.status).toBe(200);
    expect((await res.json()) as Tenant).toMatchObject({ id: tenant.id, name: "Renamed" });
    expect(jobs).toEqual([]);
  });
});

describe("PATCH /v1/tenants/:id/services/:name", () => {
  it("sets and unsets env by name: masked in the answer, encrypted at rest, plain for the runner", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const jobs = captureJobs();
    const res = await patchService(org, tenant.id, {
      envSet: { LOG_LEVEL: "debug", FEATURE_FLAG: "new-value-42" },
      envUnset: ["API_TOKEN"],
    });
    expect(res.status).toBe(202);
    const text = await res.text();
    expect(text).not.toContain("new-value-42");
    const op = JSON.parse(text) as TenantOperation;
    expect(op.tenant.services[0]?.env).toEqual({ LOG_LEVEL: "********", FEATURE_FLAG: "********" });
    expect(jobs).toEqual([
      { type: "provision", deploymentId: op.deployment.id, tenantId: tenant.id, attempt: 1 },
    ]);

    const row = await env.DB.prepare(
      "SELECT env_ciphertext, env_keys FROM services WHERE tenant_id = ?",
    )
      .bind(tenant.id)
      .first<{ env_ciphertext: string; env_keys: string }>();
    expect(row?.env_ciphertext).not.toContain("new-value-42");
    expect(JSON.parse(row?.env_keys ?? "[]")).toEqual(["LOG_LEVEL", "FEATURE_FLAG"]);

    const audit = await lastAudit(org.headers);
    expect(audit).toMatchObject({
      action: "service.update",
      targetType: "service",
      metadata: {
        tenantId: tenant.id,
        service: "web",
        fields: [],
        envSet: ["LOG_LEVEL", "FEATURE_FLAG"],
        envUnset: ["API_TOKEN"],
        deploymentId: op.deployment.id,
      },
    });
    expect(JSON.stringify(audit)).not.toMatch(/new-value-42|debug/);

    const spec = await runnerSpec(op.deployment.id);
    expect(spec.tenant.wasReady).toBe(true);
    expect(spec.services[0]?.env).toEqual({ LOG_LEVEL: "debug", FEATURE_FLAG: "new-value-42" });
  });

  it("changes the source, port and health path, with the create defaults for the source", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const res = await patchService(org, tenant.id, {
      source: { type: "git", url: "file:///srv/checkouts/app", ref: "v2" },
      port: 8080,
      healthPath: "/ready",
    });
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    const expected = {
      source: { type: "git", url: "file:///srv/checkouts/app", ref: "v2", path: "." },
      port: 8080,
      healthPath: "/ready",
    };
    expect(op.tenant.services[0]).toMatchObject({
      ...expected,
      env: { LOG_LEVEL: "********", API_TOKEN: "********" },
    });
    const spec = await runnerSpec(op.deployment.id);
    expect(spec.services[0]).toMatchObject({
      ...expected,
      env: { LOG_LEVEL: "info", API_TOKEN: "s3cr3t-value" },
    });
    expect((await lastAudit(org.headers))?.metadata).toMatchObject({
      fields: ["source", "port", "healthPath"],
      envSet: [],
      envUnset: [],
    });
  });

  it("removes the last variable, leaving no ciphertext behind", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const res = await patchService(org, tenant.id, {
      envUnset: ["LOG_LEVEL", "API_TOKEN", "NOPE"],
    });
    expect(res.status).toBe(202);
    const row = await env.DB.prepare("SELECT env_ciphertext FROM services WHERE tenant_id = ?")
      .bind(tenant.id)
      .first<{ env_ciphertext: string | null }>();
    expect(row?.env_ciphertext).toBeNull();
  });
});

describe("why each deployment happened, and what serves after a failed change", () => {
  it("records the trigger of every deployment of a tenant", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const triggers: string[] = [];
    const finish = async (res: Response) => {
      const op = (await res.json()) as TenantOperation;
      triggers.push(op.deployment.trigger);
      await finishDeployment(op.deployment.id, "ready");
    };
    await finish(await redeploy(org, tenant.id));
    await finish(await patchTenant(org, tenant.id, { plan: "business" }));
    await finish(await patchService(org, tenant.id, { port: 8080 }));
    await finish(
      await request(`/v1/tenants/${tenant.id}`, { method: "DELETE", headers: org.headers }),
    );
    expect(triggers).toEqual(["redeploy", "plan_change", "service_change", "delete"]);
    const list = (await (
      await request(`/v1/tenants/${tenant.id}/deployments`, { headers: org.headers })
    ).json()) as Page<{ trigger: string }>;
    expect(list.data.map((d) => d.trigger)).toEqual([...triggers].reverse().concat("create"));
  });

  it("shows the serving version apart from the failed change the last deployment tried", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const original = tenant.services[0]?.source;
    const broken = { type: "git", url: "https://github.com/acme/broken.git", path: "." };
    const res = await patchService(org, tenant.id, { source: broken });
    const op = (await res.json()) as TenantOperation;
    await finishDeployment(op.deployment.id, "failed");

    const view = (await (
      await request(`/v1/tenants/${tenant.id}`, { headers: org.headers })
    ).json()) as Tenant;
    expect(view.status).toBe("active");
    expect(view.services[0]?.source).toEqual(broken);
    expect(view.serving?.deploymentId).toBe(tenant.lastDeployment?.id);
    expect(view.serving?.services?.map((s) => s.source)).toEqual([original]);
    expect(view.lastDeployment).toMatchObject({
      id: op.deployment.id,
      trigger: "service_change",
      status: "failed",
      statusReason: "npm ci exited with 1",
      services: [{ name: "web", source: broken }],
    });
  });
});

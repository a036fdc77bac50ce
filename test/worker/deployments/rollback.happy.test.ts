import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, request } from "../harness.ts";
import { runnerSpec } from "../redeploy/support.ts";
import { readTenant } from "../support/seed.ts";
import type { AuditEntry, Deployment, Page, Tenant, TenantOperation } from "../types.ts";
import {
  finishDeployment,
  IMAGE_V1,
  readyWithImages,
  rollback,
  tenantWithTwoVersions,
} from "./support.ts";

afterEach(() => vi.restoreAllMocks());

const webService = async (tenantId: string) =>
  env.DB.prepare("SELECT port, source FROM services WHERE tenant_id = ? AND name = 'web'")
    .bind(tenantId)
    .first<{ port: number; source: string }>();

describe("POST /v1/deployments/:id/rollback", () => {
  it("queues a rollback that deploys the earlier images and configuration with current env", async () => {
    const org = await createOrg();
    const { tenantId, first } = await tenantWithTwoVersions(org);
    const jobs = captureJobs();
    const res = await rollback(org, first);
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    expect(op.deployment).toMatchObject({
      tenantId,
      kind: "provision",
      trigger: "rollback",
      rollbackOf: first,
      status: "queued",
    });
    expect(op.tenant.status).toBe("active");
    expect(jobs).toEqual([
      { type: "provision", deploymentId: op.deployment.id, tenantId, attempt: 1 },
    ]);
    const audit = (await (
      await request("/v1/audit", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data[0]).toMatchObject({
      action: "tenant.rollback",
      targetId: tenantId,
      metadata: { rollbackOf: first, deploymentId: op.deployment.id },
    });

    const spec = await runnerSpec(op.deployment.id);
    expect(spec.deployment.rollback).toEqual({ deploymentId: first, images: { web: IMAGE_V1 } });
    expect(spec.services[0]).toMatchObject({ name: "web", port: 3000 });
    // Env values are the tenant's current ones, not those of the deployment rolled back to.
    expect(spec.services[0]?.env.LOG_LEVEL).toBe("debug");
    // The records change only once the rollback is ready.
    expect((await webService(tenantId))?.port).toBe(4000);

    await readyWithImages(op.deployment.id, { web: IMAGE_V1 });
    expect((await webService(tenantId))?.port).toBe(3000);
    expect(JSON.parse((await webService(tenantId))?.source ?? "null")).toEqual({
      type: "git",
      url: "https://github.com/acme/app.git",
      ref: "main",
      path: ".",
    });
    expect(await readTenant(tenantId)).toMatchObject({
      status: "active",
      serving_deployment_id: op.deployment.id,
    });
    const tenant = (await (
      await request(`/v1/tenants/${tenantId}`, { headers: org.headers })
    ).json()) as Tenant;
    expect(tenant.services[0]?.port).toBe(3000);
    const shown = (await (
      await request(`/v1/deployments/${op.deployment.id}`, { headers: org.headers })
    ).json()) as Deployment;
    expect(shown).toMatchObject({ status: "ready", trigger: "rollback", rollbackOf: first });
  });

  it("leaves the service records alone when the rollback fails", async () => {
    const org = await createOrg();
    const { tenantId, first } = await tenantWithTwoVersions(org);
    const op = (await (await rollback(org, first)).json()) as TenantOperation;
    await finishDeployment(op.deployment.id, "failed");
    expect((await webService(tenantId))?.port).toBe(4000);
    expect(await readTenant(tenantId)).toMatchObject({ status: "active" });
  });
});

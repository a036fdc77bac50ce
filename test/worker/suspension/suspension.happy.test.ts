import { afterEach, describe, expect, it, vi } from "vitest";
import type { WebhookMessage } from "../../../worker/contracts/index.ts";
import { captureJobs, createOrg, request } from "../harness.ts";
import { finishDeployment, runnerSpec, settledTenant } from "../redeploy/support.ts";
import { readTenant } from "../support/seed.ts";
import type { AuditEntry, Page, TenantOperation } from "../types.ts";
import { captureWebhookMessages } from "../webhooks/support.ts";
import { resumeTenant, suspendTenant } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

const lastAudit = async (headers: Record<string, string>) =>
  ((await (await request("/v1/audit", { headers })).json()) as Page<AuditEntry>).data[0];

const eventTypes = (sent: WebhookMessage[]) =>
  sent.flatMap((message) => (message.type === "fan-out" ? [message.event] : []));

describe("POST /v1/tenants/:id/suspend and /resume", () => {
  it("suspends an active tenant through a deployment, then resumes it", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const serving = (await readTenant(tenant.id)).servingDeploymentId;
    const jobs = captureJobs();

    const res = await suspendTenant(org, tenant.id);
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    expect(op.deployment).toMatchObject({
      trigger: "suspend",
      kind: "provision",
      status: "queued",
    });
    expect(op.tenant.status).toBe("active");
    expect(jobs).toEqual([
      { type: "provision", deploymentId: op.deployment.id, tenantId: tenant.id, attempt: 1 },
    ]);
    expect((await runnerSpec(op.deployment.id)).deployment.suspension).toBe("suspend");
    expect(await lastAudit(org.headers)).toMatchObject({
      action: "tenant.suspend",
      targetId: tenant.id,
      metadata: { deploymentId: op.deployment.id },
    });

    const sent = captureWebhookMessages();
    await finishDeployment(op.deployment.id, "ready");
    const suspended = await readTenant(tenant.id);
    expect(suspended.status).toBe("suspended");
    // Nothing new is served: rollbacks and env changes keep building on the same deployment.
    expect(suspended.servingDeploymentId).toBe(serving);
    const events = eventTypes(sent);
    expect(events.map((event) => event.type)).toContain("tenant.suspended");
    expect(events.find((e) => e.type === "tenant.suspended")?.data).toMatchObject({
      tenant: { id: tenant.id, status: "suspended" },
    });
    const shown = await request(`/v1/tenants/${tenant.id}`, { headers: org.headers });
    expect(((await shown.json()) as { status: string }).status).toBe("suspended");
    const listed = await request("/v1/tenants?status=suspended", { headers: org.headers });
    expect(((await listed.json()) as Page<{ id: string }>).data.map((t) => t.id)).toEqual([
      tenant.id,
    ]);

    const resumed = await resumeTenant(org, tenant.id);
    expect(resumed.status).toBe(202);
    const resume = (await resumed.json()) as TenantOperation;
    expect(resume.deployment.trigger).toBe("resume");
    expect((await runnerSpec(resume.deployment.id)).deployment.suspension).toBe("resume");
    expect(await lastAudit(org.headers)).toMatchObject({ action: "tenant.resume" });
    const readySent = captureWebhookMessages();
    await finishDeployment(resume.deployment.id, "ready");
    expect((await readTenant(tenant.id)).status).toBe("active");
    expect(eventTypes(readySent).map((event) => event.type)).toContain("tenant.ready");
  });

  it("leaves the tenant active when the suspend fails", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const op = (await (await suspendTenant(org, tenant.id)).json()) as TenantOperation;
    await finishDeployment(op.deployment.id, "failed");
    expect((await readTenant(tenant.id)).status).toBe("active");
  });
});

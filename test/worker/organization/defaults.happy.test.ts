import { describe, expect, it } from "vitest";
import { createOrg, request, type TestOrg, tenantBody } from "../harness.ts";
import type { AuditEntry, Page } from "../types.ts";
import { createWebhook } from "../webhooks/support.ts";

const patchOrganization = (org: TestOrg, json: Record<string, unknown>) =>
  request("/v1/organization", { method: "PATCH", headers: org.headers, json });

const createdPlan = async (org: TestOrg, overrides: Record<string, unknown> = {}) => {
  const res = await request("/v1/tenants", {
    method: "POST",
    headers: org.headers,
    json: tenantBody(overrides),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { tenant: { plan: string } }).tenant.plan;
};

describe("organization defaults", () => {
  it("a new organization has none: tenants get the platform's default plan, webhooks every event", async () => {
    const org = await createOrg();
    const shown = await request("/v1/organization", { headers: org.headers });
    expect(await shown.json()).toMatchObject({ defaultTenantPlan: null, webhookDefaults: {} });
    expect(await createdPlan(org, { plan: undefined })).toBe("starter");
  });

  it("a tenant created without a plan gets the organization's defaultTenantPlan; one naming a plan keeps it", async () => {
    const org = await createOrg();
    const res = await patchOrganization(org, { defaultTenantPlan: "pro" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ defaultTenantPlan: "pro", plan: null });

    expect(await createdPlan(org, { plan: undefined })).toBe("pro");
    expect(await createdPlan(org, { plan: "free" })).toBe("free");
    const dryRun = await request("/v1/tenants?dryRun=true", {
      method: "POST",
      headers: org.headers,
      json: tenantBody({ plan: undefined }),
    });
    expect(await dryRun.json()).toMatchObject({ plan: { name: "pro" } });

    await patchOrganization(org, { defaultTenantPlan: null });
    expect(await createdPlan(org, { plan: undefined })).toBe("starter");

    const audit = (await (
      await request("/v1/audit?action=organization.update", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data.map((entry) => entry.metadata)).toEqual([
      { fields: ["defaultTenantPlan"], defaultTenantPlan: null },
      { fields: ["defaultTenantPlan"], defaultTenantPlan: "pro" },
    ]);
  });

  it("a webhook created without events gets the organization's webhookDefaults.events", async () => {
    const org = await createOrg();
    const res = await patchOrganization(org, {
      webhookDefaults: { events: ["deployment.failed", "tenant.failed"] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      webhookDefaults: { events: ["deployment.failed", "tenant.failed"] },
    });

    expect((await createWebhook(org)).webhook.events).toEqual([
      "deployment.failed",
      "tenant.failed",
    ]);
    expect((await createWebhook(org, { events: ["tenant.ready"] })).webhook.events).toEqual([
      "tenant.ready",
    ]);

    await patchOrganization(org, { webhookDefaults: {} });
    expect((await createWebhook(org)).webhook.events).toEqual(["*"]);
  });

  it("one organization's defaults never apply to another's tenants or webhooks", async () => {
    const a = await createOrg();
    const b = await createOrg();
    await patchOrganization(a, {
      defaultTenantPlan: "enterprise",
      webhookDefaults: { events: ["tenant.deleted"] },
    });
    expect(await createdPlan(b, { plan: undefined })).toBe("starter");
    expect((await createWebhook(b)).webhook.events).toEqual(["*"]);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, request, tenantBody } from "../harness.ts";

afterEach(() => vi.restoreAllMocks());

describe("POST /v1/tenants", () => {
  it("creates a provisioning tenant and a queued deployment, and queues the provision job", async () => {
    const jobs = captureJobs();
    const org = await createOrg();
    const body = tenantBody();
    const res = await request("/v1/tenants", { method: "POST", headers: org.headers, json: body });
    expect(res.status).toBe(202);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const created = (await res.json()) as any;
    expect(created.tenant).toMatchObject({
      name: "Acme Corp",
      slug: body.slug,
      plan: "starter",
      status: "provisioning",
      database: { engine: "postgres", version: "16" },
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
});

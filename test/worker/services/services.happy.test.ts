import { describe, expect, it } from "vitest";
import { DEFAULT_PLANS } from "../../../worker/contracts/index.ts";
import { settle } from "../env/support.ts";
import {
  bearer,
  captureJobs,
  createOrg,
  createTenant,
  OPERATOR_TOKEN,
  request,
} from "../harness.ts";
import { addPlans } from "../rate-limits/support.ts";
import { runnerSpec } from "../redeploy/support.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import type { AuditEntry, Page, TenantOperation } from "../types.ts";
import { imageService, serviceCall, servicesPath } from "./support.ts";

const WEB_IMAGE = "registry.enclave.internal/acme/web@sha256:aaaa";

/** A tenant whose first deployment is ready with an image for `web`. */
async function readyTenant(org: Awaited<ReturnType<typeof createOrg>>, overrides = {}) {
  const created = await createTenant(org, { database: null, ...overrides });
  await reportEvents(created.deployment.id, [
    progressEvent(created.deployment.id, {
      seq: 0,
      stage: null,
      type: "deployment.ready",
      data: { images: { web: WEB_IMAGE } },
    }),
  ]);
  return created.tenant;
}

const audit = async (headers: Record<string, string>) =>
  ((await (await request("/v1/audit", { headers })).json()) as Page<AuditEntry>).data;

describe("a tenant's services as resources", () => {
  it("lists and shows services with their kind, public flag and URL; the first is public", async () => {
    const org = await createOrg();
    const tenant = await readyTenant(org, {
      services: [imageService("web"), imageService("api", { port: 9000 })],
    });
    const res = await serviceCall(org, "GET", servicesPath(tenant.slug));
    expect(res.status).toBe(200);
    const { services } = (await res.json()) as { services: Record<string, unknown>[] };
    expect(services.map((s) => [s.name, s.kind, s.public, s.url])).toEqual([
      ["web", "web", true, `https://${tenant.slug}.enclave.localhost`],
      ["api", "web", false, null],
    ]);
    const one = await serviceCall(org, "GET", servicesPath(tenant.id, "api"));
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ name: "api", port: 9000, replicas: null });
  });

  it("adds a public web service, a worker and a cron service, each a deployment that reaches the spec", async () => {
    const org = await createOrg();
    const tenant = await readyTenant(org);
    const jobs = captureJobs();
    const added = await serviceCall(
      org,
      "POST",
      servicesPath(tenant.id),
      imageService("admin", { public: true, env: { ADMIN_TOKEN: "s3cr3t-value" } }),
    );
    expect(added.status).toBe(202);
    const text = await added.text();
    expect(text).not.toContain("s3cr3t-value");
    const op = JSON.parse(text) as TenantOperation;
    expect(op.deployment).toMatchObject({ trigger: "service_add", status: "queued" });
    const admin = op.tenant.services.find((s) => s.name === "admin");
    expect(admin).toMatchObject({
      public: true,
      url: `https://admin--${tenant.slug}.enclave.localhost`,
      env: { ADMIN_TOKEN: "********" },
    });
    expect(jobs).toHaveLength(1);
    const spec = await runnerSpec(op.deployment.id);
    expect(spec.rollout).toBeUndefined();
    expect(spec.services.map((s) => [s.name, s.public])).toEqual([
      ["web", true],
      ["admin", true],
    ]);
    expect(spec.services[1]?.env).toEqual({ ADMIN_TOKEN: "s3cr3t-value" });
    await settle(op.deployment.id, { web: WEB_IMAGE, admin: WEB_IMAGE } as never);

    const worker = await serviceCall(org, "POST", servicesPath(tenant.id), {
      name: "jobs",
      kind: "worker",
      source: { type: "image", image: "ghcr.io/acme/jobs:1" },
      command: ["node", "jobs.js"],
    });
    expect(worker.status).toBe(202);
    const workerOp = (await worker.json()) as TenantOperation;
    await settle(workerOp.deployment.id, {
      web: WEB_IMAGE,
      admin: WEB_IMAGE,
      jobs: WEB_IMAGE,
    } as never);

    const cron = await serviceCall(org, "POST", servicesPath(tenant.id), {
      name: "report",
      kind: "cron",
      source: { type: "image", image: "ghcr.io/acme/report:1" },
      schedule: "0 3 * * *",
      command: ["node", "report.js"],
      concurrencyPolicy: "Replace",
    });
    expect(cron.status).toBe(202);
    const cronOp = (await cron.json()) as TenantOperation;
    const cronSpec = await runnerSpec(cronOp.deployment.id);
    expect(cronSpec.services.find((s) => s.name === "jobs")).toMatchObject({
      kind: "worker",
      port: null,
      public: false,
      command: ["node", "jobs.js"],
    });
    expect(cronSpec.services.find((s) => s.name === "report")).toMatchObject({
      kind: "cron",
      port: null,
      schedule: "0 3 * * *",
      concurrencyPolicy: "Replace",
    });
    expect((await audit(org.headers)).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["service.create"]),
    );
  });

  it("scales and restarts one service on the serving images, without a build", async () => {
    const org = await createOrg();
    const tenant = await readyTenant(org, { plan: "business" });
    const scaled = await serviceCall(org, "POST", servicesPath(tenant.id, "web", "scale"), {
      replicas: 2,
    });
    expect(scaled.status).toBe(202);
    const scaleOp = (await scaled.json()) as TenantOperation;
    expect(scaleOp.deployment.trigger).toBe("scale");
    expect(scaleOp.tenant.services[0]?.replicas).toBe(2);
    const spec = await runnerSpec(scaleOp.deployment.id);
    expect(spec.rollout).toEqual({ services: ["web"], images: { web: WEB_IMAGE } });
    expect(spec.services[0]?.replicas).toBe(2);
    await settle(scaleOp.deployment.id, { web: WEB_IMAGE } as never);

    const stopped = await serviceCall(org, "POST", servicesPath(tenant.id, "web", "scale"), {
      replicas: 0,
    });
    expect(stopped.status).toBe(202);
    await settle(((await stopped.json()) as TenantOperation).deployment.id, {
      web: WEB_IMAGE,
    } as never);

    const restarted = await serviceCall(org, "POST", servicesPath(tenant.id, "web", "restart"));
    expect(restarted.status).toBe(202);
    const restartOp = (await restarted.json()) as TenantOperation;
    expect(restartOp.deployment.trigger).toBe("restart");
    const restartSpec = await runnerSpec(restartOp.deployment.id);
    expect(restartSpec.rollout?.services).toEqual(["web"]);
    expect(restartSpec.services[0]?.restartedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const actions = (await audit(org.headers)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["service.scale", "service.restart"]));
  });

  it("removes a service, and updates whether a service is public", async () => {
    const org = await createOrg();
    const tenant = await readyTenant(org, {
      services: [imageService("web"), imageService("api", { port: 9000 })],
    });
    const updated = await serviceCall(org, "PATCH", servicesPath(tenant.id, "api"), {
      public: true,
    });
    expect(updated.status).toBe(202);
    const updateOp = (await updated.json()) as TenantOperation;
    expect(updateOp.tenant.services.find((s) => s.name === "api")).toMatchObject({
      public: true,
      url: `https://api--${tenant.slug}.enclave.localhost`,
    });
    await settle(updateOp.deployment.id, { web: WEB_IMAGE, api: WEB_IMAGE } as never);

    const removed = await serviceCall(org, "DELETE", servicesPath(tenant.id, "api"));
    expect(removed.status).toBe(202);
    const op = (await removed.json()) as TenantOperation;
    expect(op.deployment.trigger).toBe("service_remove");
    expect(op.tenant.services.map((s) => s.name)).toEqual(["web"]);
    const spec = await runnerSpec(op.deployment.id);
    expect(spec.services.map((s) => s.name)).toEqual(["web"]);
    const gone = await serviceCall(org, "GET", servicesPath(tenant.id, "api"));
    expect(gone.status).toBe(404);
    expect((await audit(org.headers)).map((entry) => entry.action)).toContain("service.delete");
  });

  it("holds a tenant whose plan the configuration dropped to the default plan's limits", async () => {
    await addPlans({ roomy: { replicas: 3 } });
    const org = await createOrg();
    const tenant = await readyTenant(org, { plan: "roomy" });
    // The plans are replaced without roomy, and the default plan allows three replicas too.
    const operator = bearer(OPERATOR_TOKEN);
    for (const [key, value] of [
      ["plans", DEFAULT_PLANS],
      ["defaultPlan", "enterprise"],
    ] as const) {
      const res = await request(`/v1/admin/config/${key}`, {
        method: "PUT",
        headers: operator,
        json: { value },
      });
      expect(res.status, key).toBe(200);
    }
    try {
      const scaled = await serviceCall(org, "POST", servicesPath(tenant.id, "web", "scale"), {
        replicas: 3,
      });
      expect(scaled.status).toBe(202);
    } finally {
      for (const key of ["plans", "defaultPlan"]) {
        await request(`/v1/admin/config/${key}`, { method: "DELETE", headers: operator });
      }
    }
  });
});

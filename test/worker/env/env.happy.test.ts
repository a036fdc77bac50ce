import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, request } from "../harness.ts";
import { runnerSpec } from "../redeploy/support.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import type { AuditEntry, Page, Tenant, TenantOperation } from "../types.ts";
import {
  envCall,
  envPath,
  expectNoSecret,
  settle,
  twoServiceTenant,
  WEB_IMAGE,
  WORKER_IMAGE,
} from "./support.ts";

afterEach(() => vi.restoreAllMocks());

const envOf = (spec: Awaited<ReturnType<typeof runnerSpec>>, name: string) =>
  spec.services.find((service) => service.name === name)?.env;

const audit = async (headers: Record<string, string>) =>
  ((await (await request("/v1/audit", { headers })).json()) as Page<AuditEntry>).data;

describe("the tenant's shared env", () => {
  it("is set, masked everywhere, and reaches every service under its own variables", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const jobs = captureJobs();
    const res = await envCall(org.headers, "PUT", envPath(tenant.id), {
      SHARED_TOKEN: "shared-s3cr3t",
      LOG_LEVEL: "info",
    });
    expect(res.status).toBe(202);
    const text = await res.text();
    expectNoSecret(text);
    const op = JSON.parse(text) as TenantOperation;
    expect(op.deployment).toMatchObject({ trigger: "env_change", status: "queued" });
    expect(op.tenant.env).toEqual({ SHARED_TOKEN: "********", LOG_LEVEL: "********" });
    expect(jobs).toHaveLength(1);

    const listed = await envCall(org.headers, "GET", envPath(tenant.id));
    expect(listed.headers.get("cache-control")).toBe("no-store");
    expect(await listed.json()).toEqual({
      env: { SHARED_TOKEN: "********", LOG_LEVEL: "********" },
    });

    const spec = await runnerSpec(op.deployment.id);
    expect(envOf(spec, "web")).toEqual({
      SHARED_TOKEN: "shared-s3cr3t",
      LOG_LEVEL: "info",
      API_TOKEN: "s3cr3t-value",
    });
    expect(envOf(spec, "worker")).toEqual({ SHARED_TOKEN: "shared-s3cr3t", LOG_LEVEL: "warn" });
  });

  it("rolls only the services whose effective env changed, on the images they serve", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const res = await envCall(org.headers, "PATCH", envPath(tenant.id), { LOG_LEVEL: "debug" });
    expect(res.status).toBe(202);
    const op = (await res.json()) as TenantOperation;
    // `worker` sets LOG_LEVEL itself: the shared value does not reach it.
    const rollout = { services: ["web"], images: { web: WEB_IMAGE, worker: WORKER_IMAGE } };
    expect(op.deployment.rollout).toEqual(rollout);
    const spec = await runnerSpec(op.deployment.id);
    expect(spec.rollout).toEqual(rollout);
    expect(envOf(spec, "worker")).toEqual({ LOG_LEVEL: "warn" });

    await settle(op.deployment.id);
    const both = await envCall(org.headers, "PATCH", envPath(tenant.id), { REGION: "eu" });
    const bothOp = (await both.json()) as TenantOperation;
    expect(bothOp.deployment.rollout?.services).toEqual(["web", "worker"]);
  });

  it("merges a patch, removes a variable with null or DELETE, and replaces the set with PUT", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const path = envPath(tenant.id);
    let op = (await (
      await envCall(org.headers, "PUT", path, { A: "1", B: "2", C: "3" })
    ).json()) as TenantOperation;
    await settle(op.deployment.id);
    op = (await (
      await envCall(org.headers, "PATCH", path, { A: null, D: "4" })
    ).json()) as TenantOperation;
    expect(Object.keys(op.tenant.env)).toEqual(["B", "C", "D"]);
    await settle(op.deployment.id);
    const removed = await envCall(org.headers, "DELETE", envPath(tenant.id, { key: "B" }));
    expect(removed.status).toBe(202);
    op = (await removed.json()) as TenantOperation;
    await settle(op.deployment.id);
    op = (await (await envCall(org.headers, "PUT", path, { E: "5" })).json()) as TenantOperation;
    expect(op.tenant.env).toEqual({ E: "********" });
    const spec = await runnerSpec(op.deployment.id);
    expect(envOf(spec, "worker")).toEqual({ E: "5", LOG_LEVEL: "warn" });
  });

  it("builds and deploys the whole tenant when it does not serve what its records say", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await twoServiceTenant(org, { ready: false });
    await settle(deployment.id, { web: WEB_IMAGE, worker: WORKER_IMAGE });
    const failed = await request(`/v1/tenants/${tenant.id}/deployments`, {
      method: "POST",
      headers: org.headers,
    });
    const failedOp = (await failed.json()) as TenantOperation;
    await reportEvents(failedOp.deployment.id, [
      progressEvent(failedOp.deployment.id, { seq: 0, stage: null, type: "deployment.failed" }),
    ]);
    const res = await envCall(org.headers, "PATCH", envPath(tenant.id), { REGION: "eu" });
    const op = (await res.json()) as TenantOperation;
    expect(op.deployment.rollout).toBeNull();
    expect((await runnerSpec(op.deployment.id)).rollout).toBeUndefined();
  });
});

describe("a service's own env", () => {
  it("overrides the shared set, and rolls its service only when what it runs with changes", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const shared = (await (
      await envCall(org.headers, "PUT", envPath(tenant.id), { LOG_LEVEL: "debug" })
    ).json()) as TenantOperation;
    await settle(shared.deployment.id);
    const path = envPath(tenant.id, { service: "web" });

    const same = await envCall(org.headers, "PATCH", path, { LOG_LEVEL: "debug" });
    const sameOp = (await same.json()) as TenantOperation;
    expect(sameOp.deployment.rollout?.services).toEqual([]);
    await settle(sameOp.deployment.id);

    const changed = await envCall(org.headers, "PATCH", path, { API_TOKEN: "rotated-s3cr3t" });
    const changedOp = (await changed.json()) as TenantOperation;
    expect(changedOp.deployment.rollout?.services).toEqual(["web"]);
    expect(changedOp.tenant.services.find((s) => s.name === "web")?.env).toEqual({
      API_TOKEN: "********",
      LOG_LEVEL: "********",
    });
    const spec = await runnerSpec(changedOp.deployment.id);
    expect(envOf(spec, "web")).toEqual({ LOG_LEVEL: "debug", API_TOKEN: "rotated-s3cr3t" });
    await settle(changedOp.deployment.id);

    const listed = await envCall(org.headers, "GET", path);
    expect(await listed.json()).toEqual({ env: { API_TOKEN: "********", LOG_LEVEL: "********" } });
    const unset = await envCall(
      org.headers,
      "DELETE",
      envPath(tenant.id, { service: "web", key: "API_TOKEN" }),
    );
    expect(unset.status).toBe(202);
    const unsetOp = (await unset.json()) as TenantOperation;
    expect(envOf(await runnerSpec(unsetOp.deployment.id), "web")).toEqual({ LOG_LEVEL: "debug" });
  });
});

describe("revealing and auditing", () => {
  it("shows the values to an admin key and audits the reveal, naming the variables only", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const revealed = await envCall(
      org.headers,
      "GET",
      `${envPath(tenant.id, { service: "web" })}?reveal=true`,
    );
    expect(revealed.status).toBe(200);
    expect(await revealed.json()).toEqual({ env: { API_TOKEN: "s3cr3t-value" } });
    const [entry] = await audit(org.headers);
    expect(entry).toMatchObject({
      action: "env.reveal",
      targetType: "service",
      metadata: { tenantId: tenant.id, service: "web", names: ["API_TOKEN"] },
    });
  });

  it("audits each change by name, never by value", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const res = await envCall(org.headers, "PATCH", envPath(tenant.id), {
      SHARED_TOKEN: "shared-s3cr3t",
    });
    const op = (await res.json()) as TenantOperation;
    await settle(op.deployment.id);
    await envCall(org.headers, "DELETE", envPath(tenant.id, { key: "SHARED_TOKEN" }));
    const entries = await audit(org.headers);
    expect(entries.slice(0, 2)).toMatchObject([
      { action: "env.update", metadata: { set: [], unset: ["SHARED_TOKEN"] } },
      {
        action: "env.update",
        targetType: "tenant",
        targetId: tenant.id,
        metadata: {
          set: ["SHARED_TOKEN"],
          unset: [],
          rolled: ["web", "worker"],
          deploymentId: op.deployment.id,
        },
      },
    ]);
    expectNoSecret(JSON.stringify(entries));
    const shown = (await (
      await request(`/v1/tenants/${tenant.id}`, { headers: org.headers })
    ).json()) as Tenant;
    expectNoSecret(JSON.stringify(shown));
  });
});

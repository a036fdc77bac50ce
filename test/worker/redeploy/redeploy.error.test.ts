import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, createTenant, problem, request } from "../harness.ts";
import type { TenantOperation } from "../types.ts";
import { patchService, patchTenant, redeploy, settledTenant } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

describe("a tenant with a deployment in progress", () => {
  it("refuses a redeploy, a plan change and a service change with 409, naming the deployment", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    const jobs = captureJobs();
    for (const res of [
      await redeploy(org, tenant.id),
      await patchTenant(org, tenant.id, { plan: "business" }),
      await patchService(org, tenant.id, { port: 8080 }),
    ]) {
      expect(res.status).toBe(409);
      const body = await problem(res);
      expect(body.code).toBe("invalid_state");
      expect(body.detail).toContain(`${deployment.id} of the tenant is still queued`);
    }
    expect(jobs).toEqual([]);
    const current = (await (
      await request(`/v1/tenants/${tenant.id}`, { headers: org.headers })
    ).json()) as TenantOperation["tenant"];
    expect(current).toMatchObject({ plan: "starter", services: [{ port: 3000 }] });
  });

  it("starts exactly one deployment when two redeploys race", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const results = await Promise.all([redeploy(org, tenant.id), redeploy(org, tenant.id)]);
    expect(results.map((res) => res.status).sort()).toEqual([202, 409]);
  });
});

describe("a tenant being deleted", () => {
  it("cannot be redeployed or changed", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const deleted = await request(`/v1/tenants/${tenant.id}`, {
      method: "DELETE",
      headers: org.headers,
    });
    expect(deleted.status).toBe(202);
    for (const res of [
      await redeploy(org, tenant.id),
      await patchService(org, tenant.id, { port: 8080 }),
    ]) {
      expect(res.status).toBe(409);
      expect(await problem(res)).toMatchObject({
        code: "invalid_state",
        detail: "The tenant is deleting; it cannot be redeployed",
      });
    }
  });
});

describe("PATCH /v1/tenants/:id/services/:name validation", () => {
  const invalid: [string, unknown, string][] = [
    ["an empty body", {}, ""],
    ["an unknown field", { replicas: 3 }, ""],
    ["a port out of range", { port: 70000 }, "port"],
    ["a relative health path", { healthPath: "healthz" }, "healthPath"],
    ["a bad env name", { envSet: { "1BAD": "x" } }, "envSet.1BAD"],
    ["a name set and unset", { envSet: { A: "1" }, envUnset: ["A"] }, "envUnset"],
    [
      "a git URL to a private host",
      { source: { type: "git", url: "https://10.0.0.1/acme/app.git" } },
      "source.url",
    ],
    ["an unknown source type", { source: { type: "svn", url: "x" } }, "source.type"],
    ["an env name the platform sets", { envSet: { PORT: "8080" } }, "envSet.PORT"],
    [
      "an ENCLAVE_ env name",
      { envSet: { ENCLAVE_SERVICE_WEB_URL: "x" } },
      "envSet.ENCLAVE_SERVICE_WEB_URL",
    ],
    [
      "an ssh git URL",
      { source: { type: "git", url: "git@github.com:acme/app.git" } },
      "source.url",
    ],
  ];
  it.each(invalid)("refuses %s with 400", async (_what, body, path) => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const jobs = captureJobs();
    const res = await patchService(org, tenant.id, body);
    expect(res.status).toBe(400);
    const details = await problem(res);
    expect(details.code).toBe("validation_failed");
    if (path) expect(details.errors?.map((e) => e.path)).toContain(path);
    expect(jobs).toEqual([]);
  });

  it("refuses more than 100 variables in total", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const envSet = Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`VAR_${i}`, "x"]));
    const res = await patchService(org, tenant.id, { envSet });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors).toEqual([
      { path: "envSet", message: "at most 100 variables" },
    ]);
  });

  it("answers 404 for a service the tenant does not have", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const res = await patchService(org, tenant.id, { port: 8080 }, { service: "api" });
    expect(res.status).toBe(404);
    expect((await problem(res)).detail).toBe("Service not found");
  });

  it("refuses a plan the platform does not offer", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const res = await patchTenant(org, tenant.id, { plan: "platinum" });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.path).toBe("plan");
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { createOrg, createTenant, problem, request, tenantBody } from "../harness.ts";
import { patchService, runnerSpec, settledTenant } from "../redeploy/support.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { seedDeployment } from "../support/seed.ts";
import type { TenantOperation } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

const withRelease = (releaseCommand: unknown) => ({
  services: [{ ...tenantBody().services[0], releaseCommand }],
});

describe("a service's release command", () => {
  it("is set at create, shown with the service and handed to the runner", async () => {
    const org = await createOrg();
    const created = await createTenant(org, withRelease("npm run migrate"));
    expect(created.tenant.services[0]?.releaseCommand).toBe("npm run migrate");
    const spec = await runnerSpec(created.deployment.id);
    expect(spec.services[0]?.releaseCommand).toBe("npm run migrate");
    const other = await createTenant(org);
    expect(other.tenant.services[0]?.releaseCommand).toBeNull();
  });

  it("is changed and removed through the service PATCH, each a redeploy", async () => {
    const org = await createOrg();
    const tenant = await settledTenant(org);
    const set = await patchService(org, tenant.id, {
      releaseCommand: ["bin/rails", "db:migrate"],
    });
    expect(set.status).toBe(202);
    const op = (await set.json()) as TenantOperation;
    expect(op.tenant.services[0]?.releaseCommand).toEqual(["bin/rails", "db:migrate"]);
    expect((await runnerSpec(op.deployment.id)).services[0]?.releaseCommand).toEqual([
      "bin/rails",
      "db:migrate",
    ]);
    await reportEvents(op.deployment.id, [
      progressEvent(op.deployment.id, { seq: 0, stage: null, type: "deployment.ready" }),
    ]);
    const cleared = await patchService(org, tenant.id, { releaseCommand: null });
    expect(cleared.status).toBe(202);
    expect(
      ((await cleared.json()) as TenantOperation).tenant.services[0]?.releaseCommand,
    ).toBeNull();
  });

  it("must be a non-empty command: anything else is a validation failure", async () => {
    const org = await createOrg();
    for (const releaseCommand of ["  ", [], [""], 42]) {
      const res = await request("/v1/tenants", {
        method: "POST",
        headers: org.headers,
        json: tenantBody(withRelease(releaseCommand)),
      });
      expect(res.status).toBe(400);
      const body = await problem(res);
      expect(body.code).toBe("validation_failed");
      expect(body.errors?.[0]?.path).toMatch(/^services\.0\.releaseCommand/);
    }
  });

  it("keeps the release's log lines with the deployment's logs", async () => {
    const org = await createOrg(["read"]);
    const { deploymentId } = await seedDeployment({ organizationId: org.orgId });
    await reportEvents(deploymentId, [
      progressEvent(deploymentId, { seq: 0, stage: "release", type: "stage.started" }),
      progressEvent(deploymentId, {
        seq: 1,
        stage: "release",
        type: "stage.log",
        message: "web | applying migration 0042",
        data: { log: { service: "web", container: "release" } },
      }),
    ]);
    const res = await request(`/v1/deployments/${deploymentId}/logs?format=jsonl`, {
      headers: org.headers,
    });
    expect(JSON.parse((await res.text()).trim())).toMatchObject({
      stage: "release",
      service: "web",
      container: "release",
      line: "applying migration 0042",
    });
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type DeploymentSpec, JOB_TOKEN_AUDIENCE } from "../../../worker/contracts/index.ts";
import { progressStub } from "../../../worker/progress/deployment-ref.ts";
import { bearer, createOrg, problem, request, workerEnv } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, postEvents, reportEvents } from "../support/runner-api.ts";
import { signRunnerToken } from "../support/runner-token.ts";
import { readDeployment, seedDeployment } from "../support/seed.ts";

const specPath = (deploymentId: string) =>
  `/internal/v1/deployments/${deploymentId}/spec?attempt=1`;

describe("GET /internal/v1/deployments/:id/spec", () => {
  it("gives the runner the spec with decrypted env and the merged platform config", async () => {
    const seeded = await seedDeployment({ serviceEnv: { API_TOKEN: "s3cr3t-value" } });
    const res = await claimSpec(seeded.deploymentId);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const spec = (await res.json()) as DeploymentSpec;
    expect(spec.deployment).toEqual({ id: seeded.deploymentId, attempt: 1, kind: "provision" });
    expect(spec.tenant).toMatchObject({
      id: seeded.tenantId,
      wasReady: false,
      labels: { team: "qa" },
    });
    expect(spec.services[0]?.env).toEqual({ API_TOKEN: "s3cr3t-value" });
    expect(spec.database).toEqual({ engine: "postgres", version: "16", pooling: false });
    expect(spec.config.timeouts.watchdogSeconds).toBe(120);
    expect(spec.progress).toEqual({ nextSeq: 0 });
  });

  it("leaves env out of a deprovision spec, which does not need it", async () => {
    const seeded = await seedDeployment({ kind: "deprovision" });
    const res = await claimSpec(seeded.deploymentId);
    const spec = (await res.json()) as DeploymentSpec;
    expect(spec.deployment.kind).toBe("deprovision");
    expect(spec.services[0]?.env).toEqual({});
  });

  it("answers 404 problem+json for an unknown deployment", async () => {
    const res = await claimSpec("dep_00000000000000000000");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("internal API authentication", () => {
  it.each([
    ["a token for another audience", { audience: JOB_TOKEN_AUDIENCE }],
    ["an expired token", { issuedAt: -120, expiresIn: 60 }],
    ["a token signed with the job secret", { secret: env.JOB_TOKEN_SECRET }],
  ])("refuses %s", async (_name, options) => {
    const seeded = await seedDeployment();
    const headers = bearer(await signRunnerToken(options));
    const spec = await request(specPath(seeded.deploymentId), { headers });
    expect(spec.status).toBe(401);
    const events = await request(`/internal/v1/deployments/${seeded.deploymentId}/events`, {
      method: "POST",
      headers,
      json: { events: [progressEvent(seeded.deploymentId)] },
    });
    expect(events.status).toBe(401);
  });

  it("never shows decrypted env on provider routes", async () => {
    const org = await createOrg();
    const seeded = await seedDeployment({ organizationId: org.orgId });
    for (const path of [
      `/v1/tenants/${seeded.tenantId}`,
      `/v1/deployments/${seeded.deploymentId}`,
      `/v1/tenants/${seeded.tenantId}/deployments`,
    ]) {
      const res = await request(path, { headers: org.headers });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).not.toContain("s3cr3t-value");
    }
  });
});

describe("POST /internal/v1/deployments/:id/events", () => {
  it("accepts a batch once: a redelivered batch only counts duplicates", async () => {
    const { deploymentId } = await seedDeployment();
    await claimSpec(deploymentId);
    const batch = [
      progressEvent(deploymentId, { seq: 0 }),
      progressEvent(deploymentId, { seq: 1, type: "stage.log" }),
    ];
    const first = await postEvents(deploymentId, batch);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, stale: 0, cancelled: false });
    const again = await postEvents(deploymentId, [
      ...batch,
      progressEvent(deploymentId, { seq: 2 }),
    ]);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 2, stale: 0, cancelled: false });
  });

  it("moves the deployment from queued to running on its first event", async () => {
    const { deploymentId } = await seedDeployment();
    expect((await readDeployment(deploymentId)).status).toBe("queued");
    await reportEvents(deploymentId, [progressEvent(deploymentId)]);
    const row = await readDeployment(deploymentId);
    expect(row.status).toBe("running");
    expect(row.started_at).toEqual(expect.any(String));
  });

  it("refuses events of an older attempt: its token went stale with it", async () => {
    const { deploymentId, ref } = await seedDeployment();
    await claimSpec(deploymentId);
    await env.DB.prepare("UPDATE deployments SET attempt = 2 WHERE id = ?")
      .bind(deploymentId)
      .run();
    await progressStub(workerEnv, deploymentId).dispatched({ ...ref, attempt: 2 });
    const staleFailure = progressEvent(deploymentId, {
      attempt: 1,
      type: "deployment.failed",
      message: "old runner gave up",
    });
    const res = await postEvents(deploymentId, [staleFailure]);
    expect(res.status).toBe(403);
    expect((await problem(res)).detail).toBe(
      "The runner token is for attempt 1; the deployment's current attempt is 2",
    );
    expect((await readDeployment(deploymentId)).status).toBe("queued");
  });

  it("refuses an attempt the edge has not dispatched", async () => {
    const { deploymentId } = await seedDeployment();
    const res = await postEvents(deploymentId, [progressEvent(deploymentId, { attempt: 2 })]);
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("invalid_state");
  });

  it("refuses events of another deployment and invalid events", async () => {
    const { deploymentId } = await seedDeployment();
    const other = await seedDeployment();
    const mixed = await postEvents(deploymentId, [progressEvent(other.deploymentId)]);
    expect(mixed.status).toBe(400);
    const invalid = await postEvents(deploymentId, [{ ...progressEvent(deploymentId), seq: -1 }]);
    expect(invalid.status).toBe(400);
    expect((await problem(invalid)).code).toBe("validation_failed");
  });

  it("answers 404 for an unknown deployment", async () => {
    const id = "dep_00000000000000000000";
    const res = await postEvents(id, [progressEvent(id)]);
    expect(res.status).toBe(404);
  });
});

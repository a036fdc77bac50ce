import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProgressEvent } from "../../../worker/contracts/index.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { readDeployment, readTenant, type SeedOptions, seedDeployment } from "../support/seed.ts";

/** Runs a deployment to its end: a stage that starts, then the given final events. */
const finish = async (options: SeedOptions, final: Partial<ProgressEvent>[]) => {
  const seeded = await seedDeployment(options);
  const id = seeded.deploymentId;
  await reportEvents(id, [
    progressEvent(id, { seq: 0, stage: "build", type: "stage.started" }),
    ...final.map((overrides, i) => progressEvent(id, { seq: i + 1, ...overrides })),
  ]);
  return {
    ...seeded,
    deployment: await readDeployment(id),
    tenant: await readTenant(seeded.tenantId),
  };
};

describe("terminal status write-back", () => {
  it("marks a ready deployment and its tenant active with the reported result", async () => {
    const url = "https://acme.enclave.localhost";
    const { deployment, tenant } = await finish({}, [
      { stage: null, type: "deployment.ready", message: "ready", data: { url } },
    ]);
    expect(deployment).toMatchObject({ status: "ready", status_reason: null });
    expect(JSON.parse(String(deployment.result))).toEqual({ url });
    expect(deployment.finished_at).toEqual(expect.any(String));
    expect(deployment.started_at).toEqual(expect.any(String));
    expect(tenant.status).toBe("active");
    expect(tenant.ready_at).toEqual(expect.any(String));
  });

  it("fails a never-ready tenant with the reason and the failed stage", async () => {
    const { deployment, tenant } = await finish({}, [
      { stage: "build", type: "stage.failed", message: "npm ci exited with 1" },
      { stage: null, type: "deployment.failed", message: "Build failed: npm ci exited with 1" },
    ]);
    expect(deployment).toMatchObject({
      status: "failed",
      status_reason: "Build failed: npm ci exited with 1",
      failed_stage: "build",
    });
    expect(tenant).toMatchObject({
      status: "failed",
      status_reason: "Build failed: npm ci exited with 1",
    });
  });

  it("keeps what the failed deployment reported, such as detection, as its result", async () => {
    const detections = { web: { frameworks: [{ value: "Express" }] } };
    const { deployment } = await finish({}, [
      {
        stage: null,
        type: "deployment.failed",
        message: "build failed: npm ci exited with 1",
        data: { stage: "build", detections },
      },
    ]);
    expect(JSON.parse(String(deployment.result))).toEqual({ stage: "build", detections });
  });

  it("keeps a tenant that was ready before active when a redeploy fails", async () => {
    const readyAt = "2026-01-01T00:00:00.000Z";
    const { deployment, tenant } = await finish({ tenantStatus: "active", readyAt }, [
      { stage: "health", type: "deployment.failed", message: "health check failed" },
    ]);
    expect(deployment).toMatchObject({ status: "failed", failed_stage: "health" });
    expect(tenant).toMatchObject({ status: "active", ready_at: readyAt });
  });

  it("marks the tenant deleted when its deprovision finishes", async () => {
    const { deployment, tenant } = await finish(
      { kind: "deprovision", tenantStatus: "deleting", readyAt: "2026-01-01T00:00:00.000Z" },
      [{ stage: "deprovision", type: "deployment.deleted", message: "namespace removed" }],
    );
    expect(deployment.status).toBe("deleted");
    expect(tenant.status).toBe("deleted");
    expect(tenant.deleted_at).toEqual(expect.any(String));
  });

  it("takes the first terminal event only: a later one of the same attempt changes nothing", async () => {
    const seeded = await seedDeployment();
    const id = seeded.deploymentId;
    await reportEvents(id, [progressEvent(id, { seq: 0, stage: null, type: "deployment.ready" })]);
    await reportEvents(id, [
      progressEvent(id, { seq: 1, stage: null, type: "deployment.failed", message: "late" }),
    ]);
    expect((await readDeployment(id)).status).toBe("ready");
    expect((await readTenant(seeded.tenantId)).status).toBe("active");
  });

  it("keeps the global sequence gap-free across duplicates", async () => {
    const { deploymentId: id } = await seedDeployment();
    const first = progressEvent(id, { seq: 0 });
    await reportEvents(id, [first]);
    await reportEvents(id, [first, progressEvent(id, { seq: 1, type: "stage.log" })]);
    const sse = await env.PROGRESS.get(env.PROGRESS.idFromName(id)).fetch(
      "https://progress.internal/events",
    );
    const reader = (sse.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes("id: 2")) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect([...text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1])).toEqual(["1", "2"]);
  });
});

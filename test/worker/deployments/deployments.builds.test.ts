import { describe, expect, it } from "vitest";
import type { DetectionResult, ServiceBuild } from "../../../worker/contracts/index.ts";
import { createOrg, createTenant, request } from "../harness.ts";
import { runnerSpec } from "../redeploy/support.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import type { Deployment, TenantOperation } from "../types.ts";

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const key = (n: number) => String(n).repeat(64).slice(0, 64);

const detection: DetectionResult = {
  path: ".",
  dockerfile: null,
  languages: [{ value: "javascript", confidence: "definite", evidence: [] }],
  frameworks: [],
  packageManager: null,
  runtimeVersion: null,
  buildCommand: null,
  startCommand: null,
  port: null,
  healthPath: null,
  outputDirectory: null,
  template: "node",
  candidates: [],
};

const build = (n: number, reusedFrom: string | null = null): ServiceBuild => ({
  image: `registry.local/ten/web@${digest(n)}`,
  digest: digest(n),
  key: key(n),
  revision: "0123456789abcdef0123456789abcdef01234567",
  path: ".",
  baseImage: "node:22-alpine",
  dockerfile: { name: "node", version: "sha256:0123456789ab" },
  detection,
  durationMs: 1234,
  reusedFrom,
});

/** Ends a deployment as the runner does, reporting its builds. */
async function finish(
  deploymentId: string,
  outcome: "ready" | "failed",
  builds: Record<string, unknown>,
) {
  await reportEvents(deploymentId, [
    progressEvent(deploymentId, { seq: 0, stage: "build", type: "stage.started" }),
    progressEvent(deploymentId, {
      seq: 1,
      stage: outcome === "ready" ? null : "health",
      type: outcome === "ready" ? "deployment.ready" : "deployment.failed",
      data: { url: "https://acme.enclave.localhost", builds },
    }),
  ]);
}

async function redeployed(org: Awaited<ReturnType<typeof createOrg>>, tenantId: string) {
  const res = await request(`/v1/tenants/${tenantId}/deployments`, {
    method: "POST",
    headers: org.headers,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as TenantOperation).deployment.id;
}

describe("what a deployment built", () => {
  it("shows each service's build record on GET /v1/deployments/:id", async () => {
    const org = await createOrg();
    const { deployment } = await createTenant(org);
    await finish(deployment.id, "ready", { web: build(1) });
    const res = await request(`/v1/deployments/${deployment.id}`, { headers: org.headers });
    expect(res.status).toBe(200);
    const shown = (await res.json()) as Deployment;
    expect(shown.result?.builds?.web).toEqual(build(1));
    expect(shown.result?.url).toBe("https://acme.enclave.localhost");
  });

  it("leaves out a field the runner reported in another shape", async () => {
    const org = await createOrg();
    const { deployment } = await createTenant(org);
    await finish(deployment.id, "ready", { web: { image: "only an image" } });
    const shown = (await (
      await request(`/v1/deployments/${deployment.id}`, { headers: org.headers })
    ).json()) as Deployment;
    expect(shown.result).not.toHaveProperty("builds");
    expect(shown.result?.url).toBe("https://acme.enclave.localhost");
  });

  it("hands the runner the tenant's earlier builds, newest first, naming who built them", async () => {
    const org = await createOrg();
    const { tenant, deployment: first } = await createTenant(org);
    await finish(first.id, "ready", { web: build(1) });
    const second = await redeployed(org, tenant.id);
    // The second deployment reused the first build and built another service; it then failed.
    await finish(second, "failed", { web: build(1, first.id), api: build(2) });
    const third = await redeployed(org, tenant.id);

    const spec = await runnerSpec(third);
    expect(spec.earlierBuilds).toEqual([
      { key: key(1), digest: digest(1), deploymentId: first.id },
      { key: key(2), digest: digest(2), deploymentId: second },
    ]);
  });

  it("never hands the runner another tenant's builds", async () => {
    const org = await createOrg();
    const other = await createTenant(org);
    await finish(other.deployment.id, "ready", { web: build(3) });
    const { deployment } = await createTenant(org);
    expect((await runnerSpec(deployment.id)).earlierBuilds).toEqual([]);
  });
});

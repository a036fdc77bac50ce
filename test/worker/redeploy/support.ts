import { expect } from "vitest";
import type { DeploymentSpec, ProgressEvent } from "../../../worker/contracts/index.ts";
import { createTenant, request, type TestOrg } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, reportEvents } from "../support/runner-api.ts";

/** Ends a deployment as the runner would: one stage, then the terminal event. */
export async function finishDeployment(deploymentId: string, outcome: "ready" | "failed") {
  const events: ProgressEvent[] = [
    progressEvent(deploymentId, { seq: 0, stage: "build", type: "stage.started" }),
    outcome === "ready"
      ? progressEvent(deploymentId, { seq: 1, stage: null, type: "deployment.ready" })
      : progressEvent(deploymentId, {
          seq: 1,
          stage: "build",
          type: "deployment.failed",
          message: "npm ci exited with 1",
        }),
  ];
  await reportEvents(deploymentId, events);
}

/** A tenant whose first deployment has ended, `ready` (active) or `failed`. */
export async function settledTenant(
  org: TestOrg,
  outcome: "ready" | "failed" = "ready",
  overrides: Record<string, unknown> = {},
) {
  const created = await createTenant(org, overrides);
  await finishDeployment(created.deployment.id, outcome);
  return created.tenant;
}

export const redeploy = (org: TestOrg, tenantId: string, headers: Record<string, string> = {}) =>
  request(`/v1/tenants/${tenantId}/deployments`, {
    method: "POST",
    headers: { ...org.headers, ...headers },
  });

export const patchTenant = (org: TestOrg, tenantId: string, json: unknown) =>
  request(`/v1/tenants/${tenantId}`, { method: "PATCH", headers: org.headers, json });

export const patchService = (
  org: TestOrg,
  tenantId: string,
  json: unknown,
  options: { service?: string; headers?: Record<string, string> } = {},
) =>
  request(`/v1/tenants/${tenantId}/services/${options.service ?? "web"}`, {
    method: "PATCH",
    headers: { ...org.headers, ...options.headers },
    json,
  });

/** The spec the runner is served for a deployment. */
export async function runnerSpec(deploymentId: string): Promise<DeploymentSpec> {
  const res = await claimSpec(deploymentId);
  expect(res.status).toBe(200);
  return (await res.json()) as DeploymentSpec;
}

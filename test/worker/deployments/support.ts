import { createTenant, request, type TestOrg } from "../harness.ts";
import { finishDeployment, patchService } from "../redeploy/support.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import type { TenantOperation } from "../types.ts";

export const IMAGE_V1 = `registry.enclave.internal/t/web@sha256:${"1".repeat(64)}`;
export const IMAGE_V2 = `registry.enclave.internal/t/web@sha256:${"2".repeat(64)}`;

/** Ends a deployment ready, with the images its runner reports having deployed. */
export const readyWithImages = (deploymentId: string, images: Record<string, string>) =>
  reportEvents(deploymentId, [
    progressEvent(deploymentId, { seq: 0, stage: "build", type: "stage.started" }),
    progressEvent(deploymentId, {
      seq: 1,
      stage: null,
      type: "deployment.ready",
      data: { url: "https://acme.enclave.test", images },
    }),
  ]);

/**
 * A tenant that has been ready twice: first on port 3000 with IMAGE_V1, then, after a service
 * change (port 4000, LOG_LEVEL debug), with IMAGE_V2.
 */
export async function tenantWithTwoVersions(org: TestOrg) {
  const created = await createTenant(org);
  await readyWithImages(created.deployment.id, { web: IMAGE_V1 });
  const changed = (await (
    await patchService(org, created.tenant.id, { port: 4000, envSet: { LOG_LEVEL: "debug" } })
  ).json()) as TenantOperation;
  await readyWithImages(changed.deployment.id, { web: IMAGE_V2 });
  return {
    tenantId: created.tenant.id,
    first: created.deployment.id,
    second: changed.deployment.id,
  };
}

export const rollback = (org: TestOrg, deploymentId: string) =>
  request(`/v1/deployments/${deploymentId}/rollback`, { method: "POST", headers: org.headers });

export const cancel = (org: TestOrg, deploymentId: string) =>
  request(`/v1/deployments/${deploymentId}/cancel`, { method: "POST", headers: org.headers });

export { finishDeployment };

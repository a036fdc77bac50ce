import { expect } from "vitest";
import type { DeploymentSpec } from "../../../worker/contracts/index.ts";
import { request, type TestOrg } from "../harness.ts";
import { finishDeployment, settledTenant } from "../redeploy/support.ts";
import { progressEvent } from "../support/events.ts";
import { claimSpec, reportEvents } from "../support/runner-api.ts";

export interface BackupView {
  id: string;
  tenantId: string;
  status: string;
  origin: string;
  engine: string;
  sizeBytes: number | null;
  deploymentId: string;
  createdAt: string;
  completedAt: string | null;
}
export interface BackupOperation {
  backup: BackupView;
  deployment: { id: string; kind: string; trigger: string; status: string };
  links: { events: string };
}

export const backupsPath = (tenantId: string, rest = "") =>
  `/v1/tenants/${tenantId}/database/backups${rest}`;

/** An active tenant with a Postgres database. */
export const activeTenant = (org: TestOrg) => settledTenant(org, "ready");

export async function startBackup(org: TestOrg, tenantId: string): Promise<BackupOperation> {
  const res = await request(backupsPath(tenantId), { method: "POST", headers: org.headers });
  expect(res.status).toBe(202);
  return (await res.json()) as BackupOperation;
}

/** The spec a runner gets for a backup or restore deployment (claiming its first attempt). */
export async function backupJobSpec(deploymentId: string): Promise<DeploymentSpec> {
  const res = await claimSpec(deploymentId);
  expect(res.status).toBe(200);
  return (await res.json()) as DeploymentSpec;
}

/** The path of a signed object URL, to send through the test harness. */
export const objectPath = (url: string) => new URL(url).pathname;

export const upload = (path: string, body: BodyInit) =>
  request(path, { method: "PUT", body, headers: { "content-type": "application/octet-stream" } });

/** A backup made end to end: queued, its Job's upload stored, its deployment ready. */
export async function completedBackup(org: TestOrg, tenantId: string, bytes = "encrypted-dump") {
  const op = await startBackup(org, tenantId);
  const spec = await backupJobSpec(op.deployment.id);
  const path = objectPath(spec.backup?.objectUrl ?? "");
  expect((await upload(path, bytes)).status).toBe(204);
  await reportEvents(op.deployment.id, [
    progressEvent(op.deployment.id, { seq: 0, stage: null, type: "deployment.ready" }),
  ]);
  return { op, spec };
}

export { finishDeployment };

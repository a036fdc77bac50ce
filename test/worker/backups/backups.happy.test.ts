import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureJobs, createOrg, request } from "../harness.ts";
import { readTenant } from "../support/seed.ts";
import type { AuditEntry, Page } from "../types.ts";
import {
  activeTenant,
  type BackupOperation,
  type BackupView,
  backupJobSpec,
  backupsPath,
  completedBackup,
  objectPath,
  startBackup,
} from "./support.ts";

afterEach(() => vi.restoreAllMocks());

describe("database backups", () => {
  it("queues a backup deployment whose spec carries a signed upload URL and a derived key", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const jobs = captureJobs();
    const op = await startBackup(org, tenant.id);
    expect(op.backup).toMatchObject({
      tenantId: tenant.id,
      status: "pending",
      origin: "on_demand",
      engine: "postgres",
    });
    expect(op.deployment).toMatchObject({ kind: "backup", trigger: "backup", status: "queued" });
    expect(jobs).toEqual([
      { type: "backup", deploymentId: op.deployment.id, tenantId: tenant.id, attempt: 1 },
    ]);
    const spec = await backupJobSpec(op.deployment.id);
    expect(spec.backup).toMatchObject({ id: op.backup.id, engine: "postgres", into: null });
    expect(spec.backup?.objectUrl).toMatch(
      /^http:\/\/enclave\.test\/v1\/backup-objects\/[\w-]+\.[\w-]+$/,
    );
    expect(spec.backup?.key).toMatch(/^[0-9a-f]{64}$/);
    // The key is the same for every job of this backup, and another backup gets another.
    expect((await backupJobSpec(op.deployment.id)).backup?.key).toBe(spec.backup?.key);
  });

  it("stores the upload in R2 once, completes the backup, lists it and sends backup.completed", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const sent = vi.spyOn(env.WEBHOOKS, "sendBatch");
    const { op } = await completedBackup(org, tenant.id, "0123456789");
    const stored = await env.BACKUPS.get(`${org.orgId}/${tenant.id}/${op.backup.id}.sql.enc`);
    expect(await stored?.text()).toBe("0123456789");

    const one = (await (
      await request(backupsPath(tenant.id, `/${op.backup.id}`), { headers: org.headers })
    ).json()) as BackupView;
    expect(one).toMatchObject({ status: "completed", sizeBytes: 10 });
    expect(one.completedAt).not.toBeNull();
    const page = (await (
      await request(backupsPath(tenant.id), { headers: org.headers })
    ).json()) as Page<BackupView>;
    expect(page.data.map((b) => b.id)).toEqual([op.backup.id]);
    expect(JSON.stringify(page)).not.toContain("object");

    const events = sent.mock.calls.flatMap(([messages]) => [...messages].map((m) => m.body));
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "fan-out",
        event: expect.objectContaining({
          type: "backup.completed",
          data: { backup: expect.objectContaining({ id: op.backup.id }) },
        }),
      }),
    );
    // The backup deployment ended ready without touching what the tenant serves.
    expect((await readTenant(tenant.id))?.serving_deployment_id).not.toBe(op.deployment.id);
  });

  it("restores into the tenant's database or a new one, with a download URL", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const { op } = await completedBackup(org, tenant.id, "dump-bytes");
    const res = await request(backupsPath(tenant.id, `/${op.backup.id}/restore`), {
      method: "POST",
      headers: org.headers,
      json: { into: "restored_copy" },
    });
    expect(res.status).toBe(202);
    const restore = (await res.json()) as BackupOperation;
    expect(restore.deployment).toMatchObject({ kind: "restore", trigger: "restore" });
    const spec = await backupJobSpec(restore.deployment.id);
    expect(spec.backup).toMatchObject({ id: op.backup.id, into: "restored_copy" });
    const download = await request(objectPath(spec.backup?.objectUrl ?? ""));
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("dump-bytes");

    const audit = (await (
      await request("/v1/audit", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    const actions = audit.data.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(["backup.create", "backup.completed", "backup.restore"]),
    );
  });

  it("deletes a backup and its stored object", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const { op } = await completedBackup(org, tenant.id);
    const res = await request(backupsPath(tenant.id, `/${op.backup.id}`), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(res.status).toBe(204);
    expect(await env.BACKUPS.head(`${org.orgId}/${tenant.id}/${op.backup.id}.sql.enc`)).toBeNull();
    const gone = await request(backupsPath(tenant.id, `/${op.backup.id}`), {
      headers: org.headers,
    });
    expect(gone.status).toBe(404);
  });
});

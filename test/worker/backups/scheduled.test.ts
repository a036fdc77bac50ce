import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backupDue, expiredBackups, runBackupSchedule } from "../../../worker/backups/scheduled.ts";
import { captureJobs, createOrg, workerEnv } from "../harness.ts";
import { activeTenant } from "./support.ts";

afterEach(() => vi.restoreAllMocks());

const DAY = 86_400_000;

async function tenantBackups(tenantId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, origin, status, object_key FROM backups WHERE tenant_id = ? ORDER BY created_at DESC",
  )
    .bind(tenantId)
    .all<{ id: string; origin: string; status: string; object_key: string }>();
  return results;
}

async function seedScheduledBackup(orgId: string, tenantId: string, id: string, createdAt: string) {
  const key = `${orgId}/${tenantId}/${id}.sql.enc`;
  await env.BACKUPS.put(key, "old dump");
  await env.DB.prepare(
    `INSERT INTO backups (id, tenant_id, organization_id, deployment_id, status, origin, engine,
       object_key, size_bytes, created_at, completed_at, updated_at)
     VALUES (?, ?, ?, 'dep_seeded', 'completed', 'scheduled', 'postgres', ?, 8, ?, ?, ?)`,
  )
    .bind(id, tenantId, orgId, key, createdAt, createdAt, createdAt)
    .run();
  return key;
}

describe("the backup schedule", () => {
  it("is due once the plan's cron fired since the last scheduled backup", () => {
    const since = "2026-01-01T04:00:00.000Z";
    expect(backupDue("0 3 * * *", since, new Date("2026-01-02T02:59:00Z"))).toBe(false);
    expect(backupDue("0 3 * * *", since, new Date("2026-01-02T03:00:00Z"))).toBe(true);
  });

  it("keeps the newest `count` and nothing older than `days`", () => {
    const now = new Date("2026-02-01T00:00:00Z");
    const at = (days: number) => ({
      createdAt: new Date(now.getTime() - days * DAY).toISOString(),
    });
    const newestFirst = [at(1), at(2), at(3), at(40)];
    expect(expiredBackups(newestFirst, { count: 2, days: 30 }, now)).toEqual([at(3), at(40)]);
    expect(expiredBackups(newestFirst, { count: 10, days: 30 }, now)).toEqual([at(40)]);
  });

  it("queues a due tenant's backup as the system, once while it runs", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const jobs = captureJobs();
    const later = new Date(Date.now() + 2 * DAY);
    await runBackupSchedule(workerEnv, later);
    const [queued] = await tenantBackups(tenant.id);
    expect(queued).toMatchObject({ origin: "scheduled", status: "pending" });
    expect(jobs.filter((job) => job.tenantId === tenant.id)).toEqual([
      expect.objectContaining({ type: "backup" }),
    ]);
    const audit = await env.DB.prepare(
      "SELECT actor FROM audit_log WHERE action = 'backup.create' AND target_id = ?",
    )
      .bind(queued?.id)
      .first<{ actor: string }>();
    expect(audit?.actor).toBe("system");
    // Its deployment is still queued: the next tick queues nothing for the tenant.
    await runBackupSchedule(workerEnv, later);
    expect(await tenantBackups(tenant.id)).toHaveLength(1);
  });

  it("prunes scheduled backups past the plan's retention, objects included", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const now = new Date();
    const keys: string[] = [];
    // The starter plan keeps 7 scheduled backups and none older than 30 days.
    for (let day = 1; day <= 9; day++) {
      const id = `bkp_${String(day).padStart(20, "0")}`;
      keys.push(
        await seedScheduledBackup(
          org.orgId,
          tenant.id,
          id,
          new Date(now.getTime() - day * DAY).toISOString(),
        ),
      );
    }
    const old = await seedScheduledBackup(
      org.orgId,
      tenant.id,
      "bkp_0000000000000000old0",
      new Date(now.getTime() - 31 * DAY).toISOString(),
    );
    await runBackupSchedule(workerEnv, now);
    const left = (await tenantBackups(tenant.id)).filter((b) => b.status === "completed");
    expect(left.map((b) => b.object_key)).toEqual(keys.slice(0, 7));
    for (const gone of [...keys.slice(7), old]) expect(await env.BACKUPS.head(gone)).toBeNull();
  });
});

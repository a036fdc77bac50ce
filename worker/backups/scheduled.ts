import { Cron } from "croner";
import { and, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import { type PlatformConfig, planQuota } from "../contracts/index.ts";
import { createDb, type Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { backups, deployments, tenants } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";
import { queueBackup } from "./queue-backup.ts";

type TenantRow = typeof tenants.$inferSelect;
const DAY_MS = 86_400_000;

/** Scheduled work is the platform's own: audited as `system`, in the tenant's organization. */
const systemPrincipal = (organizationId: string): Principal => ({
  organizationId,
  actor: "system",
  scopes: [],
  organizationPlan: null,
  keyRateLimit: null,
});

/**
 * Due: the plan's schedule fired since the tenant's last scheduled backup (or since it first
 * became ready), so a missed tick or a long outage yields one backup, not a burst.
 */
export function backupDue(schedule: string, since: string, now: Date): boolean {
  const next = new Cron(schedule, { timezone: "UTC", paused: true }).nextRun(new Date(since));
  return next !== null && next.getTime() <= now.getTime();
}

/**
 * Scheduled backups past the plan's retention: beyond the newest `count`, or older than `days`
 * where the plan sets it. A plan without retention keeps every scheduled backup.
 */
export function expiredBackups<T extends { createdAt: string }>(
  newestFirst: T[],
  retention: { count: number; days?: number | undefined } | undefined,
  now: Date,
): T[] {
  if (!retention) return [];
  const oldest = retention.days === undefined ? 0 : now.getTime() - retention.days * DAY_MS;
  return newestFirst.filter(
    (backup, index) => index >= retention.count || Date.parse(backup.createdAt) < oldest,
  );
}

async function scheduleTenant(
  env: Env,
  db: Database,
  config: PlatformConfig,
  tenant: TenantRow,
  now: Date,
) {
  const plan = planQuota(config, tenant.plan);
  if (!plan.backupSchedule || !tenant.readyAt) return false;
  const [last] = await db
    .select({ createdAt: backups.createdAt })
    .from(backups)
    .where(and(eq(backups.tenantId, tenant.id), eq(backups.origin, "scheduled")))
    .orderBy(desc(backups.createdAt))
    .limit(1);
  if (!backupDue(plan.backupSchedule, last?.createdAt ?? tenant.readyAt, now)) return false;
  try {
    await queueBackup({
      env,
      db,
      principal: systemPrincipal(tenant.organizationId),
      tenant,
      origin: "scheduled",
      audit: {
        organizationId: tenant.organizationId,
        actor: "system",
        action: "backup.create",
        targetType: "backup",
        targetId: null,
        requestId: `scheduled-${now.toISOString()}`,
      },
    });
    return true;
  } catch (error) {
    // Busy with another deployment: the next tick tries again.
    if (error instanceof ApiError && error.code === "invalid_state") return false;
    throw error;
  }
}

async function pruneTenant(
  env: Env,
  db: Database,
  config: PlatformConfig,
  tenant: TenantRow,
  now: Date,
) {
  const plan = planQuota(config, tenant.plan);
  const kept = await db
    .select({ id: backups.id, objectKey: backups.objectKey, createdAt: backups.createdAt })
    .from(backups)
    .where(
      and(
        eq(backups.tenantId, tenant.id),
        eq(backups.origin, "scheduled"),
        inArray(backups.status, ["completed", "failed"]),
      ),
    )
    .orderBy(desc(backups.createdAt), desc(backups.id));
  const expired = expiredBackups(kept, plan.backupRetention, now);
  if (expired.length === 0) return 0;
  await env.BACKUPS.delete(expired.map((backup) => backup.objectKey));
  await db.delete(backups).where(
    inArray(
      backups.id,
      expired.map((backup) => backup.id),
    ),
  );
  return expired.length;
}

/**
 * The Worker's cron trigger: queues each live tenant's due backup and deletes scheduled
 * backups past their plan's retention. On-demand backups are kept until deleted.
 */
export async function runBackupSchedule(env: Env, now = new Date()) {
  const db = createDb(env.DB);
  const config = await loadPlatformConfig(db);
  const live = await db
    .select()
    .from(tenants)
    .where(
      and(
        isNull(tenants.deletedAt),
        isNotNull(tenants.databaseEngine),
        eq(tenants.status, "active"),
      ),
    );
  const busy = new Set(
    (
      await db
        .select({ tenantId: deployments.tenantId })
        .from(deployments)
        .where(inArray(deployments.status, ["queued", "running"]))
    ).map((row) => row.tenantId),
  );
  let queued = 0;
  let pruned = 0;
  for (const tenant of live) {
    pruned += await pruneTenant(env, db, config, tenant, now);
    if (!busy.has(tenant.id) && (await scheduleTenant(env, db, config, tenant, now))) queued++;
  }
  return { queued, pruned };
}

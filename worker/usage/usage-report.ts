import { and, eq, gte, isNull, lt, lte, or, sql } from "drizzle-orm";
import { type PlatformConfig, planQuota, quantityValue } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { deployments, tenants, usageRequestsDaily } from "../db/schema.ts";
import { DAY_MS, dayShare, dayStart, daysBetween, utcDay } from "./days.ts";

export interface UsageDay {
  date: string;
  /** Null in a tenant's report: requests are counted per organization. */
  apiRequests: number | null;
  deployments: number;
  buildMinutes: number;
  serviceHours: number;
  databaseGbDays: number;
  volumeGbDays: number;
  backupGbDays: number;
}

export interface UsageScope {
  organizationId: string;
  /** Only this tenant's usage. */
  tenantId?: string | undefined;
  from: string;
  to: string;
  now: number;
}

const GIB = 1024 ** 3;
const round = (value: number) => Math.round(value * 1000) / 1000;

interface Interval {
  start: number;
  end: number;
}

/** Serving intervals of each ready provision deployment: until the next one, or deletion. */
function servingIntervals(
  ready: { tenantId: string; finishedAt: string; services: unknown[] | null }[],
  endOf: (tenantId: string) => number,
) {
  const intervals: (Interval & { tenantId: string; services: number })[] = [];
  ready.forEach((deployment, i) => {
    const next = ready[i + 1];
    const start = Date.parse(deployment.finishedAt);
    const end =
      next && next.tenantId === deployment.tenantId
        ? Date.parse(next.finishedAt)
        : endOf(deployment.tenantId);
    if (end > start) {
      intervals.push({
        tenantId: deployment.tenantId,
        start,
        end,
        services: deployment.services?.length ?? 0,
      });
    }
  });
  return intervals;
}

/** Minutes of builds that ran (reused images cost nothing), from `result.builds`. */
function buildMinutesOf(result: Record<string, unknown> | null): number {
  const builds = result?.builds;
  if (!builds || typeof builds !== "object") return 0;
  let ms = 0;
  for (const build of Object.values(builds as Record<string, unknown>)) {
    const { durationMs, reusedFrom } = (build ?? {}) as {
      durationMs?: unknown;
      reusedFrom?: unknown;
    };
    if (typeof durationMs === "number" && !reusedFrom) ms += durationMs;
  }
  return ms / 60_000;
}

async function backupsTableExists(db: Database): Promise<boolean> {
  const row = await db.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'backups'`,
  );
  return (row?.n ?? 0) > 0;
}

/** Completed backups kept in storage: each from its completion on, while its row exists. */
async function backupIntervals(db: Database, scope: UsageScope, rangeEnd: number) {
  if (!(await backupsTableExists(db))) return [];
  const rows = await db.all<{ size_bytes: number; completed_at: string }>(sql`
    SELECT size_bytes, completed_at FROM backups
    WHERE organization_id = ${scope.organizationId}
      AND (${scope.tenantId ?? null} IS NULL OR tenant_id = ${scope.tenantId ?? null})
      AND status = 'completed' AND size_bytes IS NOT NULL AND completed_at < ${new Date(rangeEnd).toISOString()}`);
  return rows.map((row) => ({
    start: Date.parse(row.completed_at),
    end: scope.now,
    gb: row.size_bytes / GIB,
  }));
}

/**
 * The organization's (or one tenant's) usage per UTC day from `from` to `to`, derived from
 * the records D1 keeps: see the README's "Usage" section for each measure's definition.
 */
export async function usageReport(
  db: Database,
  config: PlatformConfig,
  scope: UsageScope,
): Promise<UsageDay[]> {
  const days = daysBetween(scope.from, scope.to);
  const rangeStart = dayStart(scope.from);
  const rangeEnd = dayStart(scope.to) + DAY_MS;
  const rangeEndIso = new Date(rangeEnd).toISOString();
  const rangeStartIso = new Date(rangeStart).toISOString();
  const ownDeployments = and(
    eq(deployments.organizationId, scope.organizationId),
    scope.tenantId ? eq(deployments.tenantId, scope.tenantId) : undefined,
  );

  const [requestRows, tenantRows, createdRows, finishedRows, readyRows] = await db.batch([
    db
      .select({ day: usageRequestsDaily.day, requests: usageRequestsDaily.requests })
      .from(usageRequestsDaily)
      .where(
        and(
          eq(usageRequestsDaily.organizationId, scope.organizationId),
          gte(usageRequestsDaily.day, scope.from),
          lte(usageRequestsDaily.day, scope.to),
        ),
      ),
    db
      .select({
        id: tenants.id,
        plan: tenants.plan,
        databaseEngine: tenants.databaseEngine,
        createdAt: tenants.createdAt,
        deletedAt: tenants.deletedAt,
      })
      .from(tenants)
      .where(
        and(
          eq(tenants.organizationId, scope.organizationId),
          scope.tenantId ? eq(tenants.id, scope.tenantId) : undefined,
          lt(tenants.createdAt, rangeEndIso),
          or(isNull(tenants.deletedAt), gte(tenants.deletedAt, rangeStartIso)),
        ),
      ),
    db
      .select({ createdAt: deployments.createdAt })
      .from(deployments)
      .where(
        and(
          ownDeployments,
          gte(deployments.createdAt, rangeStartIso),
          lt(deployments.createdAt, rangeEndIso),
        ),
      ),
    db
      .select({ finishedAt: deployments.finishedAt, result: deployments.result })
      .from(deployments)
      .where(
        and(
          ownDeployments,
          gte(deployments.finishedAt, rangeStartIso),
          lt(deployments.finishedAt, rangeEndIso),
        ),
      ),
    db
      .select({
        tenantId: deployments.tenantId,
        finishedAt: deployments.finishedAt,
        services: deployments.services,
      })
      .from(deployments)
      .where(
        and(
          ownDeployments,
          eq(deployments.kind, "provision"),
          eq(deployments.status, "ready"),
          lt(deployments.finishedAt, rangeEndIso),
        ),
      )
      .orderBy(deployments.tenantId, deployments.finishedAt),
  ]);

  const byDay = new Map<string, UsageDay>(
    days.map((date) => [
      date,
      {
        date,
        apiRequests: scope.tenantId ? null : 0,
        deployments: 0,
        buildMinutes: 0,
        serviceHours: 0,
        databaseGbDays: 0,
        volumeGbDays: 0,
        backupGbDays: 0,
      },
    ]),
  );
  const on = (epochMs: number) => byDay.get(utcDay(epochMs));

  if (!scope.tenantId) {
    for (const row of requestRows) {
      const day = byDay.get(row.day);
      if (day) day.apiRequests = row.requests;
    }
  }
  for (const row of createdRows) {
    const day = on(Date.parse(row.createdAt));
    if (day) day.deployments += 1;
  }
  for (const row of finishedRows) {
    const day = row.finishedAt ? on(Date.parse(row.finishedAt)) : undefined;
    if (day) day.buildMinutes += buildMinutesOf(row.result);
  }

  const tenantById = new Map(tenantRows.map((tenant) => [tenant.id, tenant]));
  /** A tenant not in the range's list was gone before it started: it adds nothing. */
  const existenceEnd = (tenantId: string) => {
    const tenant = tenantById.get(tenantId);
    if (!tenant) return 0;
    return tenant.deletedAt ? Date.parse(tenant.deletedAt) : scope.now;
  };
  const ready = readyRows.flatMap((row) =>
    row.finishedAt ? [{ ...row, finishedAt: row.finishedAt }] : [],
  );
  for (const interval of servingIntervals(ready, existenceEnd)) {
    const tenant = tenantById.get(interval.tenantId);
    const replicas = tenant ? planQuota(config, tenant.plan).replicas : 1;
    for (const day of byDay.values()) {
      const share = dayShare(day.date, interval.start, interval.end);
      day.serviceHours += share * 24 * interval.services * replicas;
    }
  }

  for (const tenant of tenantRows) {
    const plan = planQuota(config, tenant.plan);
    const databaseGb = tenant.databaseEngine ? quantityValue(plan.databaseStorage) / GIB : 0;
    const volumeGb = Math.max(0, quantityValue(plan.requestsStorage) / GIB - databaseGb);
    const start = Date.parse(tenant.createdAt);
    const end = existenceEnd(tenant.id);
    for (const day of byDay.values()) {
      const share = dayShare(day.date, start, end);
      day.databaseGbDays += share * databaseGb;
      day.volumeGbDays += share * volumeGb;
    }
  }

  for (const backup of await backupIntervals(db, scope, rangeEnd)) {
    for (const day of byDay.values()) {
      day.backupGbDays += dayShare(day.date, backup.start, backup.end) * backup.gb;
    }
  }

  return [...byDay.values()].map((day) => ({
    ...day,
    buildMinutes: round(day.buildMinutes),
    serviceHours: round(day.serviceHours),
    databaseGbDays: round(day.databaseGbDays),
    volumeGbDays: round(day.volumeGbDays),
    backupGbDays: round(day.backupGbDays),
  }));
}

import type { Context } from "hono";
import { findOwnedTenant } from "../../db/ownership.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import { CSV_CONTENT_TYPE, usageCsv } from "../../usage/usage-csv.ts";
import { usageRange } from "../../usage/usage-range.ts";
import { type UsageDay, usageReport } from "../../usage/usage-report.ts";
import type { OrganizationUsageRoute, TenantUsageRoute } from "./usage.routes.ts";

const wantsCsv = (c: Context<AppEnv>, format: string | undefined) =>
  format === "csv" || (format === undefined && /\btext\/csv\b/.test(c.req.header("accept") ?? ""));

function totals(days: UsageDay[]) {
  const sum = (pick: (day: UsageDay) => number | null) =>
    Math.round(days.reduce((n, day) => n + (pick(day) ?? 0), 0) * 1000) / 1000;
  return {
    apiRequests: days.some((day) => day.apiRequests !== null) ? sum((d) => d.apiRequests) : null,
    deployments: sum((d) => d.deployments),
    buildMinutes: sum((d) => d.buildMinutes),
    serviceHours: sum((d) => d.serviceHours),
    databaseGbDays: sum((d) => d.databaseGbDays),
    volumeGbDays: sum((d) => d.volumeGbDays),
    backupGbDays: sum((d) => d.backupGbDays),
  };
}

async function respond(
  c: Context<AppEnv>,
  query: { from?: string | undefined; to?: string | undefined; format?: string | undefined },
  tenantId: string | null,
) {
  const now = Date.now();
  const range = usageRange(query, now);
  const { organizationId } = c.get("principal");
  const days = await usageReport(c.get("db"), c.get("config"), {
    organizationId,
    tenantId: tenantId ?? undefined,
    ...range,
    now,
  });
  if (wantsCsv(c, query.format))
    return c.text(usageCsv(days), 200, { "content-type": CSV_CONTENT_TYPE });
  return c.json({ ...range, tenantId, days, totals: totals(days) }, 200);
}

export const organizationUsage: AppRouteHandler<OrganizationUsageRoute> = async (c) =>
  respond(c, c.req.valid("query"), null);

export const tenantUsage: AppRouteHandler<TenantUsageRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const tenant = await findOwnedTenant(c.get("db"), organizationId, c.req.valid("param").id);
  return respond(c, c.req.valid("query"), tenant.id);
};

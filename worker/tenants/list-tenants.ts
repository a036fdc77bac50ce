import { and, eq, inArray } from "drizzle-orm";
import { selectInChunks } from "../db/bound-lists.ts";
import type { Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { TenantStatus } from "../db/schema.ts";
import { domains, services, tenants } from "../db/schema.ts";
import { afterCursor, newestFirst, toPage } from "../lib/pagination.ts";
import { SERVICE_VIEW_COLUMNS } from "../services/service-view.ts";
import { tenantDeployments } from "./tenant-deployments.ts";
import { TENANT_VIEW_COLUMNS, tenantView } from "./tenant-view.ts";

export interface TenantListQuery {
  cursor?: string | undefined;
  limit: number;
  status?: TenantStatus | undefined;
}

/** A page of the organization's tenants, newest first, with their services and deployments. */
export async function listTenants(
  db: Database,
  organizationId: string,
  { cursor, limit, status }: TenantListQuery,
) {
  const rows = await db
    .select(TENANT_VIEW_COLUMNS)
    .from(tenants)
    .where(
      and(
        eq(tenants.organizationId, organizationId),
        status ? eq(tenants.status, status) : undefined,
        afterCursor(tenants, cursor),
      ),
    )
    .orderBy(...newestFirst(tenants))
    .limit(limit + 1);
  const ids = rows.slice(0, limit).map((row) => row.id);
  const [config, serviceRows, deploymentRows, domainRows] = await Promise.all([
    loadPlatformConfig(db),
    selectInChunks(ids, 0, (chunk) =>
      db.select(SERVICE_VIEW_COLUMNS).from(services).where(inArray(services.tenantId, chunk)),
    ),
    tenantDeployments(db, rows.slice(0, limit)),
    selectInChunks(ids, 0, (chunk) =>
      db
        .select({ tenantId: domains.tenantId, domain: domains.domain })
        .from(domains)
        .where(inArray(domains.tenantId, chunk))
        .orderBy(domains.createdAt),
    ),
  ]);
  return toPage(rows, limit, (row) =>
    tenantView(row, serviceRows, config, deploymentRows, domainRows),
  );
}

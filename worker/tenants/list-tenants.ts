import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { TenantStatus } from "../db/schema.ts";
import { services, tenants } from "../db/schema.ts";
import { afterCursor, newestFirst, toPage } from "../lib/pagination.ts";
import { tenantView } from "./tenant-view.ts";

export interface TenantListQuery {
  cursor?: string | undefined;
  limit: number;
  status?: TenantStatus | undefined;
}

/** A page of the organization's tenants, newest first, with their services in one query. */
export async function listTenants(
  db: Database,
  organizationId: string,
  { cursor, limit, status }: TenantListQuery,
) {
  const rows = await db
    .select()
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
  const ids = rows.map((row) => row.id);
  const [config, serviceRows] = await Promise.all([
    loadPlatformConfig(db),
    ids.length > 0 ? db.select().from(services).where(inArray(services.tenantId, ids)) : [],
  ]);
  return toPage(rows, limit, (row) => tenantView(row, serviceRows, config));
}

import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { backups } from "../db/schema.ts";
import { afterCursor, newestFirst, toPage } from "../lib/pagination.ts";
import { backupView } from "./backup-view.ts";

/** A page of one of the organization's tenants' backups, newest first. */
export async function listBackups(
  db: Database,
  organizationId: string,
  tenantId: string,
  { cursor, limit }: { cursor?: string | undefined; limit: number },
) {
  const tenant = await findOwnedTenant(db, organizationId, tenantId);
  const rows = await db
    .select()
    .from(backups)
    .where(and(eq(backups.tenantId, tenant.id), afterCursor(backups, cursor)))
    .orderBy(...newestFirst(backups))
    .limit(limit + 1);
  return toPage(rows, limit, backupView);
}

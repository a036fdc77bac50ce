import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { backups } from "../db/schema.ts";
import { notFound } from "../errors/api-error.ts";

/** The organization's tenant and one of its backups; another organization's is a 404. */
export async function findOwnedBackup(
  db: Database,
  organizationId: string,
  tenantId: string,
  backupId: string,
) {
  const tenant = await findOwnedTenant(db, organizationId, tenantId);
  const [backup] = await db
    .select()
    .from(backups)
    .where(and(eq(backups.id, backupId), eq(backups.tenantId, tenant.id)))
    .limit(1);
  if (!backup) throw notFound("Backup");
  return { tenant, backup };
}

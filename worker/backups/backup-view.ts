import type { BackupView } from "../contracts/api/backups.ts";
import type { backups } from "../db/schema.ts";

/** A backup as the API, events and webhooks show it: never where it is stored. */
export const backupView = (row: typeof backups.$inferSelect): BackupView => ({
  id: row.id,
  tenantId: row.tenantId,
  status: row.status,
  origin: row.origin,
  engine: row.engine,
  sizeBytes: row.sizeBytes,
  deploymentId: row.deploymentId,
  createdAt: row.createdAt,
  completedAt: row.completedAt,
});

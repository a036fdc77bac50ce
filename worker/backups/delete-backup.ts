import { eq } from "drizzle-orm";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { backups } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { findOwnedBackup } from "./find-backup.ts";

/** DELETE …/backups/:backupId: the stored object and the record; not while it is being made. */
export async function deleteBackup(scope: ProviderScope, tenantId: string, backupId: string) {
  const { env, db, principal, requestId } = scope;
  const { backup } = await findOwnedBackup(db, principal.organizationId, tenantId, backupId);
  if (backup.status === "pending" || backup.status === "uploading") {
    throw new ApiError("invalid_state", `The backup is ${backup.status}; wait until it ends`);
  }
  await env.BACKUPS.delete(backup.objectKey);
  await db.batch([
    db.delete(backups).where(eq(backups.id, backup.id)),
    auditInsert(db, principalAudit(principal, requestId, "backup.delete", "backup", backup.id)),
  ]);
}

import type { RestoreBody } from "../contracts/api/backups.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { backupRestores } from "../db/schema.ts";
import { queueDeployment } from "../deployments/queue-deployment.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { backupView } from "./backup-view.ts";
import { findOwnedBackup } from "./find-backup.ts";
import { assertBackupable } from "./queue-backup.ts";

/**
 * POST …/backups/:backupId/restore: a deployment (kind `restore`) whose Job downloads and
 * decrypts the backup and loads it, into the tenant's database (its services scaled to zero
 * meanwhile and back afterwards) or into a new database named by `into`.
 */
export async function restoreBackup(
  scope: ProviderScope,
  tenantId: string,
  backupId: string,
  body: RestoreBody,
) {
  const { db, principal, requestId } = scope;
  const { tenant, backup } = await findOwnedBackup(
    db,
    principal.organizationId,
    tenantId,
    backupId,
  );
  if (backup.status !== "completed") {
    throw new ApiError(
      "invalid_state",
      `The backup is ${backup.status}; only a completed one restores`,
    );
  }
  await assertBackupable(db, tenant);
  if (backup.engine !== tenant.databaseEngine) {
    throw new ApiError(
      "invalid_state",
      `The backup is of ${backup.engine}; the tenant runs ${tenant.databaseEngine}`,
    );
  }
  const into = body.into ?? null;
  const operation = await queueDeployment({
    ...scope,
    tenantId: tenant.id,
    kind: "restore",
    trigger: "restore",
    changes: (deploymentId, now) => [
      db.insert(backupRestores).values({ deploymentId, backupId: backup.id, into, createdAt: now }),
      auditInsert(
        db,
        principalAudit(principal, requestId, "backup.restore", "backup", backup.id, {
          deploymentId,
          into,
        }),
      ),
    ],
  });
  return { backup: backupView(backup), deployment: operation.deployment, links: operation.links };
}

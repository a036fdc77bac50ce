import { eq } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import { type AuditEntry, auditInsert } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { backups, type tenants } from "../db/schema.ts";
import { queueDeployment } from "../deployments/queue-deployment.ts";
import { assertRedeployable } from "../deployments/redeploy.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import { backupView } from "./backup-view.ts";

type TenantRow = typeof tenants.$inferSelect;

/** Only a tenant that serves a database has something to back up or restore into. */
export async function assertBackupable(db: Database, tenant: TenantRow): Promise<void> {
  if (!tenant.databaseEngine) {
    throw new ApiError("invalid_state", "The tenant has no database");
  }
  if (tenant.status !== "active" || tenant.readyAt === null) {
    throw new ApiError(
      "invalid_state",
      `The tenant is ${tenant.status}; its database is not ready`,
    );
  }
  await assertRedeployable(db, tenant);
}

export interface BackupRequest {
  env: Env;
  db: Database;
  principal: Principal;
  tenant: TenantRow;
  origin: "on_demand" | "scheduled";
  audit: AuditEntry;
}

/**
 * A pending backup and the deployment (kind `backup`) whose Job uploads it, in one batch: the
 * Job runs in the tenant's namespace like every other change, one at a time, with progress.
 */
export async function queueBackup({ env, db, principal, tenant, origin, audit }: BackupRequest) {
  await assertBackupable(db, tenant);
  const engine = tenant.databaseEngine;
  if (!engine) throw new ApiError("invalid_state", "The tenant has no database");
  const backupId = newId("backup");
  const operation = await queueDeployment({
    env,
    db,
    principal,
    tenantId: tenant.id,
    kind: "backup",
    trigger: "backup",
    changes: (deploymentId, now) => [
      db.insert(backups).values({
        id: backupId,
        tenantId: tenant.id,
        organizationId: tenant.organizationId,
        deploymentId,
        status: "pending",
        origin,
        engine,
        objectKey: `${tenant.organizationId}/${tenant.id}/${backupId}.sql.enc`,
        createdAt: now,
        updatedAt: now,
      }),
      auditInsert(db, { ...audit, targetId: backupId, metadata: { deploymentId, origin } }),
    ],
  });
  const [row] = await db.select().from(backups).where(eq(backups.id, backupId));
  if (!row) throw new Error("backup insert returned no row");
  return { backup: backupView(row), deployment: operation.deployment, links: operation.links };
}

import { eq } from "drizzle-orm";
import type { PlatformConfig, SpecBackup } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { backupRestores, backups, type deployments } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { notFound } from "../errors/api-error.ts";
import { deriveBackupKey } from "./backup-key.ts";
import { backupObjectUrl, signBackupToken } from "./signed-url.ts";

/**
 * The backup part of a backup or restore job's spec: a URL signed now, so it expires minutes
 * after the runner starts the job, and the backup's derived key. `origin` is the edge as the
 * runner reaches it, which is where the cluster's Job reaches it too.
 */
export async function backupSpec(
  env: Env,
  db: Database,
  deployment: Pick<typeof deployments.$inferSelect, "id" | "kind">,
  config: PlatformConfig,
  origin: string,
): Promise<SpecBackup> {
  const restore =
    deployment.kind === "restore"
      ? (
          await db
            .select()
            .from(backupRestores)
            .where(eq(backupRestores.deploymentId, deployment.id))
            .limit(1)
        )[0]
      : undefined;
  const [backup] = await db
    .select()
    .from(backups)
    .where(restore ? eq(backups.id, restore.backupId) : eq(backups.deploymentId, deployment.id))
    .limit(1);
  if (!backup) throw notFound("Backup");
  const operation = deployment.kind === "restore" ? "get" : "put";
  const token = await signBackupToken(env, backup.id, operation, config.backups.urlSeconds);
  return {
    id: backup.id,
    engine: backup.engine,
    objectUrl: backupObjectUrl(origin, token),
    key: await deriveBackupKey(db, env, backup.tenantId, backup.id),
    into: restore?.into ?? null,
  };
}

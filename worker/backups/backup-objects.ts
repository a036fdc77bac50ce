import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { auditInsert } from "../db/audit.ts";
import { backups } from "../db/schema.ts";
import { ApiError, notFound } from "../errors/api-error.ts";
import { nowIso } from "../lib/time.ts";
import type { AppEnv } from "../lib/types.ts";
import { emitWebhookEvents } from "../webhooks/emit.ts";
import { lifecycleEvent } from "../webhooks/webhook-events.ts";
import { backupView } from "./backup-view.ts";
import { BACKUP_OBJECTS_PATH, verifyBackupToken } from "./signed-url.ts";

const forbidden = () => new ApiError("forbidden", "The URL is invalid or has expired");

/**
 * The object store's door for backup Jobs: `PUT` stores a backup's encrypted dump once, `GET`
 * serves it to a restore. The signed token in the path is the only credential, so the
 * cluster holds none; bodies stream to and from the `BACKUPS` R2 binding.
 */
export const backupObjects = new Hono<AppEnv>()
  .put(`${BACKUP_OBJECTS_PATH}/:token`, async (c) => {
    const backupId = await verifyBackupToken(c.env, c.req.param("token"), "put");
    if (!backupId) throw forbidden();
    const db = c.get("db");
    // Claiming `pending` first makes the URL work once, even for two uploads racing.
    const [claimed] = await db
      .update(backups)
      .set({ status: "uploading", updatedAt: nowIso() })
      .where(and(eq(backups.id, backupId), eq(backups.status, "pending")))
      .returning();
    if (!claimed) throw new ApiError("invalid_state", "The backup was uploaded already");
    let size: number;
    try {
      // R2 needs a known length to stream; a chunked upload is read first.
      const body = c.req.header("content-length") ? c.req.raw.body : await c.req.raw.arrayBuffer();
      const stored = await c.env.BACKUPS.put(claimed.objectKey, body ?? new Uint8Array());
      if (!stored) throw new Error("the backup object was not stored");
      size = stored.size;
    } catch (error) {
      await db
        .update(backups)
        .set({ status: "failed", updatedAt: nowIso() })
        .where(eq(backups.id, backupId));
      throw error;
    }
    const now = nowIso();
    const [[completed]] = await db.batch([
      db
        .update(backups)
        .set({ status: "completed", sizeBytes: size, completedAt: now, updatedAt: now })
        .where(eq(backups.id, backupId))
        .returning(),
      auditInsert(db, {
        organizationId: claimed.organizationId,
        actor: "runner",
        action: "backup.completed",
        targetType: "backup",
        targetId: backupId,
        requestId: c.get("requestId"),
        metadata: { sizeBytes: size, deploymentId: claimed.deploymentId },
      }),
    ]);
    if (!completed) throw notFound("Backup");
    await emitWebhookEvents(c.env, [
      await lifecycleEvent(claimed.organizationId, "backup.completed", backupId, {
        backup: backupView(completed),
      }),
    ]);
    return c.body(null, 204);
  })
  .get(`${BACKUP_OBJECTS_PATH}/:token`, async (c) => {
    const backupId = await verifyBackupToken(c.env, c.req.param("token"), "get");
    if (!backupId) throw forbidden();
    const [backup] = await c
      .get("db")
      .select()
      .from(backups)
      .where(and(eq(backups.id, backupId), eq(backups.status, "completed")))
      .limit(1);
    const object = backup ? await c.env.BACKUPS.get(backup.objectKey) : null;
    if (!object) throw notFound("Backup");
    return c.body(object.body, 200, {
      "content-type": "application/octet-stream",
      "content-length": String(object.size),
      "cache-control": "no-store",
    });
  });

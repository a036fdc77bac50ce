import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { backups, type DEPLOYMENT_KINDS } from "../db/schema.ts";

/** Deployments that move data rather than converge the tenant's objects. */
export const isDatabaseOperation = (kind: (typeof DEPLOYMENT_KINDS)[number]): boolean =>
  kind === "backup" || kind === "restore";

/** The backup a failed or cancelled backup deployment was making, unless it was stored. */
export const failUnfinishedBackup = (db: Database, deploymentId: string, now: string) =>
  db
    .update(backups)
    .set({ status: "failed", updatedAt: now })
    .where(
      and(
        eq(backups.deploymentId, deploymentId),
        inArray(backups.status, ["pending", "uploading"]),
      ),
    );

import { z } from "@hono/zod-openapi";
import { BACKUP_STATUSES } from "../../db/schema.ts";
import { BackupId, DatabaseEngine } from "../index.ts";
import { DeploymentLinksSchema, DeploymentSchema } from "./deployments.ts";
import { TenantParams } from "./tenants.ts";

export const BackupParams = TenantParams.extend({ backupId: z.string().max(64) });

export const BackupSchema = z
  .object({
    id: BackupId.openapi({ example: "bkp_0123456789abcdefghjk" }),
    tenantId: z.string(),
    status: z.enum(BACKUP_STATUSES).openapi({
      description:
        "`pending` until its Job uploads, `uploading` while it does, then `completed` or `failed`",
    }),
    origin: z.enum(["on_demand", "scheduled"]),
    engine: DatabaseEngine,
    sizeBytes: z.number().int().nullable().openapi({ description: "Encrypted size, once stored" }),
    deploymentId: z
      .string()
      .openapi({ description: "The deployment (kind `backup`) that made it" }),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi("Backup", { description: "An encrypted database backup of a tenant" });
export type BackupView = z.infer<typeof BackupSchema>;

export const BackupOperationSchema = z
  .object({ backup: BackupSchema, deployment: DeploymentSchema, links: DeploymentLinksSchema })
  .openapi("BackupOperation", {
    description: "The backup and the deployment that makes (or restores) it, with its progress",
  });

/** A database name on either engine: letters, digits and underscores. */
export const RestoreBody = z
  .object({
    into: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a database name (a-z, 0-9, '_')")
      .optional()
      .openapi({
        description:
          "Restore into a new database of this name beside the tenant's own; absent: replace the tenant's database, with its services scaled down meanwhile",
      }),
  })
  .strict();
export type RestoreBody = z.infer<typeof RestoreBody>;

export const ErasureSchema = z
  .object({
    tenantId: z.string(),
    deletedAt: z.string().nullable(),
    completedAt: z.string(),
    items: z.array(
      z.object({
        item: z.string().openapi({ example: "backups" }),
        count: z.number().int(),
        erasedAt: z.string(),
      }),
    ),
    slugReservedUntil: z.string().openapi({
      description: "Until when the tenant's slug stays reserved; no new tenant may take it before",
    }),
  })
  .openapi("Erasure", {
    description:
      "The receipt of a deleted tenant's erasure: what was destroyed, how many, and when. The tenant row stays as a tombstone with its audit trail.",
  });

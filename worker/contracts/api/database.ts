import { z } from "@hono/zod-openapi";
import { DatabaseEngine } from "../database.ts";
import { EnvQuery } from "./env.ts";

export const AddDatabaseBody = z
  .strictObject({
    engine: DatabaseEngine,
    version: z.string().min(1).max(20).optional().openapi({
      example: "17",
      description: "Omitted: the platform's default version of the engine",
    }),
    pooling: z.boolean().optional().openapi({
      description:
        "PostgreSQL only: PgBouncer (transaction pooling) in front of the database; omitted: what the tenant's plan says",
    }),
  })
  .openapi("DatabaseCreate");
export type AddDatabaseBody = z.infer<typeof AddDatabaseBody>;

/** `reveal=true` adds the credentials: an admin-scoped, audited read. */
export const DatabaseQuery = EnvQuery;

export const DatabaseSchema = z
  .object({
    engine: DatabaseEngine,
    version: z.string(),
    status: z.enum(["provisioning", "rotating", "ready", "failed"]),
    host: z.string().openapi({
      description: "In-cluster host the apps connect to (PgBouncer's when pooling)",
      example: "database.enclave-ten-0123456789abcdefghjk.svc.cluster.local",
    }),
    port: z.number().int(),
    database: z.string(),
    pooling: z.boolean(),
    passwordRotatedAt: z.string().nullable(),
    credentials: z
      .object({
        username: z.string(),
        password: z.string(),
        url: z.string().openapi({ description: "`DATABASE_URL` as the apps get it" }),
        directUrl: z.string().openapi({
          description: "`DATABASE_DIRECT_URL`: the database itself, bypassing PgBouncer",
        }),
      })
      .nullable()
      .openapi({
        description:
          "Only with `reveal=true`; null for a database whose password only the cluster holds until its password is rotated",
      }),
  })
  .openapi("Database");

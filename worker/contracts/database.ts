import { z } from "zod";

export const DatabaseEngine = z.enum(["postgres", "mysql"]);
export type DatabaseEngine = z.infer<typeof DatabaseEngine>;

/** The tenant's database as the runner converges it. */
export const SpecDatabase = z.object({
  engine: DatabaseEngine,
  version: z.string(),
  /** PgBouncer (transaction pooling) in front of PostgreSQL; ignored for MySQL. */
  pooling: z.boolean().default(false),
  /**
   * The database user's password as the edge keeps it; when it differs from the one the
   * database runs with, the runner changes it in the engine first. Absent for a database whose
   * password only the cluster holds (created before the edge kept it): that one is kept.
   */
  password: z.string().min(16).optional(),
});
export type SpecDatabase = z.infer<typeof SpecDatabase>;

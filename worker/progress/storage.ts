import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "./migrations/migrations.js";
import * as schema from "./schema.ts";

/** The progress object's SQLite storage through drizzle; every query runs synchronously. */
export type ProgressDb = DrizzleSqliteDODatabase<typeof schema>;

export const openProgressDb = (storage: DurableObjectStorage): ProgressDb =>
  drizzle(storage, { schema });

/** Applies the migrations this object has not run yet, in one storage transaction. */
export const migrateProgressDb = (db: ProgressDb): Promise<void> => migrate(db, migrations);

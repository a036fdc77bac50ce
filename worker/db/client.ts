import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";

/** drizzle over D1 or a D1 session; `$client` is that handle, for reads prepared once per isolate. */
export type Database = DrizzleD1Database & { $client: D1Database | D1DatabaseSession };

/**
 * A handle per request (a D1 session is per request). No relational schema is attached: the
 * code uses the query builder only, and extracting a schema's relations costs about a
 * millisecond of CPU per handle, which on a small request is a large share of its time.
 * drizzle runs on a D1 session as on the database: both prepare and batch statements.
 */
export const createDb = (d1: D1Database | D1DatabaseSession): Database => drizzle(d1 as D1Database);

const primaries = new WeakMap<D1Database, Database>();

/**
 * The database without a session: every query at the primary, for what must never be read
 * from a lagging replica (whether a key is revoked). One handle per binding and isolate.
 */
export function primaryDb(d1: D1Database): Database {
  let db = primaries.get(d1);
  if (!db) {
    db = createDb(d1);
    primaries.set(d1, db);
  }
  return db;
}

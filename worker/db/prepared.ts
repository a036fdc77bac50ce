import { fillPlaceholders, type Placeholder, type Query, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Database } from "./client.ts";

/**
 * drizzle's `prepare()` asks its client for a statement at once; this builder's client hands
 * back an empty one, since a prepared read runs on each caller's own handle instead.
 */
const builder: Database = drizzle({ prepare: () => ({}) } as unknown as D1Database);

/** What a drizzle prepared select offers that a prepared read uses: its SQL and its mapping. */
interface DrizzlePrepared<Rows> {
  getQuery(): Query;
  mapAllResult(result: unknown, isFromBatch?: boolean): unknown;
  all(values?: Record<string, unknown>): Promise<Rows>;
}

/** The handle a read runs on: a request's D1 session, or the database for the primary. */
export type D1Handle = Database["$client"];

export interface PreparedRead<Values extends Record<string, unknown>, Rows> {
  /** The statement with `values` bound on `d1`, for a batch. */
  bind(d1: D1Handle, values: Values): D1PreparedStatement;
  /** The rows of this statement's result in a batch. */
  fromBatch(result: D1Result): Rows;
  /** Runs the statement alone. */
  all(d1: D1Handle, values: Values): Promise<Rows>;
}

/**
 * A read whose SQL is built once per isolate: drizzle builds a query's SQL anew on every call,
 * and on a small request that costs more CPU than anything else the request does. `build`
 * gets a placeholder per value and returns the prepared select; each run binds the values on
 * the caller's handle (a D1 session keeps its read-replica and bookmark behaviour) and maps
 * the rows with drizzle's own column mapping.
 */
export function preparedRead<Values extends Record<string, unknown>, Rows>(
  names: readonly (keyof Values & string)[],
  build: (
    db: Database,
    placeholders: { [K in keyof Values]: Placeholder<K & string> },
  ) => DrizzlePrepared<Rows>,
): PreparedRead<Values, Rows> {
  let prepared: DrizzlePrepared<Rows> | undefined;
  const query = () => {
    prepared ??= build(
      builder,
      Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as {
        [K in keyof Values]: Placeholder<K & string>;
      },
    );
    return prepared;
  };
  const bind = (d1: D1Handle, values: Values) => {
    const { sql: text, params } = query().getQuery();
    return d1.prepare(text).bind(...fillPlaceholders(params, values));
  };
  return {
    bind,
    fromBatch: (result) => query().mapAllResult(result, true) as Rows,
    all: async (d1, values) => query().mapAllResult(await bind(d1, values).raw()) as Rows,
  };
}

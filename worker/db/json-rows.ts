import { type Column, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * Rows of a table gathered into one JSON array inside another read: `gathered` is the
 * sub-select of the rows `where` picks, each row a positional array of the columns, and
 * `parse` turns its text back into rows through each column's own driver mapping, as a select
 * of those columns would. A view made of a parent row and its children is then one statement
 * rather than one per table.
 */
export interface JsonRows<Row> {
  gathered(table: SQLiteTable, where: SQL | undefined): SQL<string>;
  parse(text: string | null): Row[];
}

export function jsonRows<Row>(columns: Record<string, Column>): JsonRows<Row> {
  const entries = Object.entries(columns);
  const values = sql.join(
    entries.map(([, column]) => column),
    sql`, `,
  );
  const toRow = (row: unknown[]) =>
    Object.fromEntries(
      entries.map(([name, column], i) => {
        const value = row[i] ?? null;
        return [name, value === null ? null : column.mapFromDriverValue(value)];
      }),
    ) as Row;
  return {
    gathered: (table, where) =>
      sql<string>`(select json_group_array(json_array(${values})) from ${table} where ${where})`,
    parse: (text) => (text === null ? [] : (JSON.parse(text) as unknown[][]).map(toRow)),
  };
}

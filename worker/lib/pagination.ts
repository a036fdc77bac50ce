import { z } from "@hono/zod-openapi";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ApiError } from "../errors/api-error.ts";

export const PageQuery = z.object({
  cursor: z
    .string()
    .max(256)
    .optional()
    .openapi({ description: "The `nextCursor` of the previous page" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

interface CursorPosition {
  createdAt: string;
  id: string;
}

/** Opaque to clients: base64url of the last row's (createdAt, id). */
export const encodeCursor = (position: CursorPosition): string =>
  btoa(JSON.stringify([position.createdAt, position.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const json = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const [createdAt, id] = JSON.parse(json) as unknown[];
    if (typeof createdAt === "string" && typeof id === "string") return { createdAt, id };
  } catch {}
  throw new ApiError("validation_failed", "The cursor is invalid", [
    { path: "cursor", message: "is not a cursor returned by this API" },
  ]);
}

interface OrderedColumns {
  createdAt: SQLiteColumn;
  id: SQLiteColumn;
}

/** Rows strictly after the cursor in newest-first order. */
export function afterCursor(columns: OrderedColumns, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const position = decodeCursor(cursor);
  return or(
    lt(columns.createdAt, position.createdAt),
    and(eq(columns.createdAt, position.createdAt), lt(columns.id, position.id)),
  );
}

export const newestFirst = (columns: OrderedColumns) => [desc(columns.createdAt), desc(columns.id)];

/** Callers fetch `limit + 1` rows; the extra row only says whether another page exists. */
export function toPage<Row extends CursorPosition, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { data: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

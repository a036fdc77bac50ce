import { z } from "@hono/zod-openapi";
import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { auditLog } from "../db/schema.ts";
import { afterCursor, encodeCursor, newestFirst, PageQuery, toPage } from "../lib/pagination.ts";

const Instant = z.iso.datetime({ offset: true });

export const AuditFilterQuery = PageQuery.extend({
  actor: z.string().max(100).optional().openapi({ example: "key:key_0123456789abcdefghjk" }),
  action: z.string().max(100).optional().openapi({ example: "tenant.create" }),
  targetType: z.string().max(50).optional().openapi({ example: "tenant" }),
  targetId: z.string().max(100).optional(),
  since: Instant.optional().openapi({ description: "Entries at or after this instant" }),
  until: Instant.optional().openapi({ description: "Entries before this instant" }),
  format: z.enum(["json", "ndjson"]).default("json").openapi({
    description: "`ndjson`: every matching entry, one JSON object a line, streamed (no paging)",
  }),
});
export type AuditFilterQuery = z.infer<typeof AuditFilterQuery>;

export interface AuditFilters {
  organizationId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** Rows store UTC `...Z` strings, so instants are compared in that form. */
const utc = (instant: string) => new Date(instant).toISOString();

function matching(filters: AuditFilters): SQL | undefined {
  const conditions = [
    filters.organizationId === undefined
      ? undefined
      : eq(auditLog.organizationId, filters.organizationId),
    filters.actor === undefined ? undefined : eq(auditLog.actor, filters.actor),
    filters.action === undefined ? undefined : eq(auditLog.action, filters.action),
    filters.targetType === undefined ? undefined : eq(auditLog.targetType, filters.targetType),
    filters.targetId === undefined ? undefined : eq(auditLog.targetId, filters.targetId),
    filters.since === undefined ? undefined : gte(auditLog.createdAt, utc(filters.since)),
    filters.until === undefined ? undefined : lt(auditLog.createdAt, utc(filters.until)),
  ];
  return and(...conditions);
}

type AuditRow = typeof auditLog.$inferSelect;

const selectPage = (db: Database, filters: AuditFilters, cursor: string | undefined, n: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(matching(filters), afterCursor(auditLog, cursor)))
    .orderBy(...newestFirst(auditLog))
    .limit(n);

export async function auditPage<Item>(
  db: Database,
  filters: AuditFilters,
  page: { cursor?: string | undefined; limit: number },
  toItem: (row: AuditRow) => Item,
) {
  const rows = await selectPage(db, filters, page.cursor, page.limit + 1);
  return toPage(rows, page.limit, toItem);
}

/** Rows read per D1 query while streaming an export. */
const EXPORT_CHUNK = 500;

/**
 * Every matching entry, newest first, one JSON line each, read a chunk at a time as the
 * client consumes the stream, so an export of any size holds one chunk in memory.
 */
export function auditNdjson<Item>(
  db: Database,
  filters: AuditFilters,
  toItem: (row: AuditRow) => Item,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  return new ReadableStream({
    async pull(controller) {
      const rows = await selectPage(db, filters, cursor, EXPORT_CHUNK);
      const text = rows.map((row) => `${JSON.stringify(toItem(row))}\n`).join("");
      if (text) controller.enqueue(encoder.encode(text));
      const last = rows.at(-1);
      if (rows.length < EXPORT_CHUNK || !last) controller.close();
      else cursor = encodeCursor(last);
    },
  });
}

export const NDJSON_CONTENT_TYPE = "application/x-ndjson";

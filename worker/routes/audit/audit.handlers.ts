import { and, eq } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import { afterCursor, newestFirst, toPage } from "../../lib/pagination.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { ListRoute } from "./audit.routes.ts";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const { organizationId } = c.get("principal");
  const { cursor, limit } = c.req.valid("query");
  const rows = await c
    .get("db")
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), afterCursor(auditLog, cursor)))
    .orderBy(...newestFirst(auditLog))
    .limit(limit + 1);
  return c.json(
    toPage(rows, limit, ({ organizationId: _, ...entry }) => entry),
    200,
  );
};

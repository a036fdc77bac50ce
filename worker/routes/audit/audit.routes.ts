import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { AuditEntrySchema } from "../../contracts/api/audit.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";

export const list = createRoute({
  method: "get",
  path: "/v1/audit",
  tags: ["audit"],
  operationId: "listAuditEntries",
  summary: "The organization's audit log, newest first",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin")] as const,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(AuditEntrySchema), "A page of entries"), ...commonProblems },
});
export type ListRoute = typeof list;

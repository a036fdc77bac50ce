import { createRoute } from "@hono/zod-openapi";
import { AuditFilterQuery, NDJSON_CONTENT_TYPE } from "../../audit/query-audit.ts";
import { requireProvider } from "../../auth/authenticate.ts";
import { requireOperator } from "../../auth/operator.ts";
import { AdminAuditEntrySchema, AuditEntrySchema } from "../../contracts/api/audit.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { pageOf } from "../../lib/pagination.ts";

const entriesContent = <T extends Parameters<typeof pageOf>[0]>(entry: T, description: string) => ({
  description,
  content: {
    "application/json": { schema: pageOf(entry) },
    [NDJSON_CONTENT_TYPE]: { schema: entry },
  },
});

export const list = createRoute({
  method: "get",
  path: "/v1/audit",
  tags: ["audit"],
  operationId: "listAuditEntries",
  summary: "The organization's audit log, newest first, filtered; or all of it as NDJSON",
  security: [{ provider: ["admin"] }],
  middleware: [requireProvider("admin")] as const,
  request: { query: AuditFilterQuery },
  responses: {
    200: entriesContent(AuditEntrySchema, "A page of entries, or every entry a line (ndjson)"),
    ...commonProblems,
  },
});
export type ListRoute = typeof list;

export const listAll = createRoute({
  method: "get",
  path: "/v1/admin/audit",
  tags: ["admin"],
  operationId: "listAllAuditEntries",
  summary: "The audit log of every organization and the platform, filtered (operator only)",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: {
    query: AuditFilterQuery.extend({
      organizationId: AdminAuditEntrySchema.shape.organizationId.optional(),
    }),
  },
  responses: {
    200: entriesContent(AdminAuditEntrySchema, "A page of entries, or every entry a line (ndjson)"),
    ...commonProblems,
  },
});
export type ListAllRoute = typeof listAll;

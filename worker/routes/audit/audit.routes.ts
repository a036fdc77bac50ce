import { createRoute, z } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    actor: z.string().openapi({ example: "key:key_0123456789abcdefghjk" }),
    action: z.string().openapi({ example: "tenant.create" }),
    targetType: z.string(),
    targetId: z.string().nullable(),
    requestId: z.string(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
  })
  .openapi("AuditEntry");

export const list = createRoute({
  method: "get",
  path: "/v1/audit",
  tags: ["audit"],
  summary: "The organization's audit log, newest first",
  security: [{ provider: [] }],
  middleware: [requireProvider("admin")] as const,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(AuditEntrySchema), "A page of entries"), ...commonProblems },
});
export type ListRoute = typeof list;

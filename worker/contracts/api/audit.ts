import { z } from "@hono/zod-openapi";
import { createSelectSchema } from "drizzle-zod";
import { auditLog } from "../../db/schema.ts";

/** An audit row as the organization reads it (the organization is the reader's own). */
export const AuditEntrySchema = createSelectSchema(auditLog)
  .omit({ organizationId: true })
  .extend({
    actor: z.string().openapi({ example: "key:key_0123456789abcdefghjk" }),
    action: z.string().openapi({ example: "tenant.create" }),
    metadata: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("AuditEntry");

/** An audit row as the operator reads it: any organization's, or `platform` for its own. */
export const AdminAuditEntrySchema = AuditEntrySchema.extend({
  organizationId: z.string().max(64).openapi({ example: "org_0123456789abcdefghjk" }),
}).openapi("AdminAuditEntry");

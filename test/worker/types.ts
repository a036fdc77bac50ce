import type { z } from "@hono/zod-openapi";
import type { ApiKeySchema } from "../../worker/contracts/api/api-keys.ts";
import type { DeploymentView } from "../../worker/contracts/api/deployments.ts";
import type { TenantOperationSchema, TenantView } from "../../worker/contracts/api/tenants.ts";
import type { AuditEntrySchema } from "../../worker/routes/audit/audit.routes.ts";

/** Response bodies as the API documents them, for typed assertions. */
export type Tenant = TenantView;
export type Deployment = DeploymentView;
export type TenantOperation = z.infer<typeof TenantOperationSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

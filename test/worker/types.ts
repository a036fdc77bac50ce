import type { z } from "@hono/zod-openapi";
import type { ApiKeySchema } from "../../worker/routes/api-keys/api-keys.schemas.ts";
import type { AuditEntrySchema } from "../../worker/routes/audit/audit.routes.ts";
import type { DeploymentView } from "../../worker/routes/deployments/deployments.schemas.ts";
import type {
  TenantOperationSchema,
  TenantView,
} from "../../worker/routes/tenants/tenants.schemas.ts";

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

import type { z } from "@hono/zod-openapi";
import type { ApiKeySchema } from "../../worker/contracts/api/api-keys.ts";
import type { AuditEntrySchema } from "../../worker/contracts/api/audit.ts";
import type { DeploymentSchema } from "../../worker/contracts/api/deployments.ts";
import type { TenantOperationSchema, TenantSchema } from "../../worker/contracts/api/tenants.ts";
import type { toPage } from "../../worker/lib/pagination.ts";

/** Response bodies as the API documents them, for typed assertions. */
export type Tenant = z.infer<typeof TenantSchema>;
export type Deployment = z.infer<typeof DeploymentSchema>;
export type TenantOperation = z.infer<typeof TenantOperationSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type Page<T> = ReturnType<typeof toPage<{ createdAt: string; id: string }, T>>;

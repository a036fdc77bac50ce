import type { components, paths } from "../../../contracts/openapi.d.ts";

export type { StreamedEvent as ProgressEvent } from "../../../contracts/events.ts";

/**
 * The API's shapes by the names the OpenAPI document gives them: every type here comes from
 * worker/contracts/openapi.d.ts, generated from the document the Worker serves.
 */
type Schemas = components["schemas"];

export type Tenant = Schemas["Tenant"];
export type TenantStatus = Tenant["status"];
export type Service = Schemas["Service"];
export type ServiceSource = Schemas["ServiceSource"];
export type Deployment = Schemas["Deployment"];
export type TenantOperation = Schemas["TenantOperation"];
export type CreateTenantRequest = Schemas["CreateTenant"];
export type DryRun = Schemas["TenantDryRun"];
export type ApiKey = Schemas["ApiKey"];
export type Scope = ApiKey["scopes"][number];
export type AuditEntry = Schemas["AuditEntry"];
export type Webhook = Schemas["Webhook"];
export type WebhookEvent = Webhook["events"][number];
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type Session = Schemas["Session"];
export type CurrentSession = Schemas["CurrentSession"];
export type SignInOptions = Schemas["SignInOptions"];
export type Plan = Schemas["Plan"];
export type Organization = Schemas["Organization"];

export type Page<T> = { data: T[]; nextCursor: string | null };

/** The statuses the list filters by, in the order the API documents them. */
type ListStatus = NonNullable<
  NonNullable<paths["/v1/tenants"]["get"]["parameters"]["query"]>["status"]
>;
export const TENANT_STATUSES = [
  "provisioning",
  "active",
  "failed",
  "suspended",
  "deleting",
  "deleted",
] as const satisfies readonly ListStatus[];

import type { components, paths } from "../../../worker/contracts/openapi.d.ts";

/**
 * The API's shapes by the names the OpenAPI document gives them; every type here comes from
 * worker/contracts/openapi.d.ts, generated from the document the Worker serves.
 */
type Schemas = components["schemas"];

export type Tenant = Schemas["Tenant"];
export type Plan = Schemas["Plan"];
export type TenantStatus = Tenant["status"];
export type Service = Schemas["Service"];
export type Deployment = Schemas["Deployment"];
export type DeploymentLinks = Schemas["DeploymentLinks"];
/** The 202 of create, redeploy and delete: the tenant, the deployment doing the work, its streams. */
export type TenantOperation = Schemas["TenantOperation"];
export type Credential = Schemas["Credential"];
export type CredentialChange = Schemas["CredentialChange"];
export type CreateCredentialInput = Schemas["CredentialCreate"];
export type TenantDatabase = Schemas["Database"];
export type AddDatabaseInput = Schemas["DatabaseCreate"];
export type Backup = Schemas["Backup"];
/** The 202 of a backup or a restore: the backup and the deployment doing the work. */
export type BackupOperation = Schemas["BackupOperation"];
/** A deleted tenant's erasure receipt. */
export type Erasure = Schemas["Erasure"];
export type ApiKey = Schemas["ApiKey"];
export type ApiKeyScope = ApiKey["scopes"][number];
/** `key` is the full secret: the API shows it this once and stores only its hash. */
export type CreatedApiKey = Schemas["CreatedApiKey"];

export type CreateTenantInput = Schemas["CreateTenant"];
export type ServiceInput = CreateTenantInput["services"][number];
export type ServiceSourceInput = Schemas["ServiceSource"];
export type DatabaseInput = NonNullable<CreateTenantInput["database"]>;
export type UpdateTenantInput = Schemas["UpdateTenant"];
/**
 * Fields left out stay as they are; `source` is replaced whole. Env changes by name: `envSet`
 * adds or overwrites, `envUnset` removes (values are never shown back).
 */
export type UpdateServiceInput = Schemas["UpdateService"];
/** A service added to a running tenant: as on create, with its kind's fields. */
export type CreateServiceInput = Schemas["CreateService"];
export type CreateApiKeyInput = Schemas["CreateApiKey"];
export type Webhook = Schemas["Webhook"];
export type WebhookEventFilter = Webhook["events"][number];
/** `secret` signs the deliveries: the API shows it on creation and rotation only. */
export type CreatedWebhook = Schemas["CreatedWebhook"];
export type CreateWebhookInput = Schemas["CreateWebhook"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
/** A set of environment variables, values masked unless revealed. */
export type EnvList = Schemas["Env"];
/** Set with a value, remove with null; the variables left out stay. */
export type EnvPatch = Schemas["EnvPatch"];
/** A custom domain with its status and the DNS records that verify and route it. */
export type Domain = Schemas["Domain"];
/** A domain after a verification or removal, with the deployment that (un)routes it, if any. */
export type DomainChange = Schemas["DomainChange"];
export type NetworkRule = Schemas["NetworkRule"];
export type AddNetworkRuleInput = Schemas["AddNetworkRule"];
/** A rule added or removed, with the deployment that applies the change. */
export type NetworkRuleChange = Schemas["NetworkRuleChange"];

export type ListTenantsQuery = NonNullable<paths["/v1/tenants"]["get"]["parameters"]["query"]>;
export type ListQuery = NonNullable<paths["/v1/api-keys"]["get"]["parameters"]["query"]>;
export type Page<T> = { data: T[]; nextCursor: string | null };

/**
 * A tenant change answers the tenant alone (name, labels), or with the deployment a new plan
 * started.
 */
export type TenantChange =
  | TenantOperation
  | { tenant: Tenant; deployment?: undefined; links?: undefined };

/** Written out for the CLI to check flags against; the type keeps the list complete. */
const TENANT_STATUS: Record<TenantStatus, true> = {
  provisioning: true,
  active: true,
  failed: true,
  suspended: true,
  deleting: true,
  deleted: true,
};
export const TENANT_STATUSES = Object.keys(TENANT_STATUS) as TenantStatus[];

const WEBHOOK_EVENT_FILTER: Record<WebhookEventFilter, true> = {
  "*": true,
  "tenant.created": true,
  "tenant.ready": true,
  "tenant.failed": true,
  "tenant.suspended": true,
  "tenant.deleted": true,
  "deployment.started": true,
  "deployment.succeeded": true,
  "deployment.failed": true,
  "backup.completed": true,
  "domain.verified": true,
};
export const WEBHOOK_EVENT_FILTERS = Object.keys(WEBHOOK_EVENT_FILTER) as WebhookEventFilter[];

const API_KEY_SCOPE: Record<ApiKeyScope, true> = { read: true, write: true, admin: true };
export const API_KEY_SCOPES = Object.keys(API_KEY_SCOPE) as ApiKeyScope[];

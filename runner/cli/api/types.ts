import { z } from "zod";
import type { DatabaseEngine, ServiceSource } from "../../../worker/contracts/index.ts";

/**
 * Response shapes as the client relies on them. Objects are loose: fields the API adds later
 * pass through untouched, and only what the client and CLI read is required.
 */
const nullableString = z.string().nullish();

export const Tenant = z.looseObject({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  plan: z.string(),
  status: z.string(),
  statusReason: nullableString,
  labels: z.record(z.string(), z.string()).optional(),
  database: z.looseObject({ engine: z.string(), version: z.string() }).nullish(),
  domains: z.array(z.string()).optional(),
  /** `https://<slug>.<base domain>`. */
  url: z.string().optional(),
  /** Env values come back masked: the API never returns secrets. */
  services: z.array(z.looseObject({ name: z.string() })).optional(),
  readyAt: nullableString,
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type Tenant = z.infer<typeof Tenant>;

export const Deployment = z.looseObject({
  id: z.string(),
  tenantId: z.string(),
  kind: z.string(),
  status: z.string(),
  attempt: z.number().optional(),
  statusReason: nullableString,
  failedStage: nullableString,
  result: z.record(z.string(), z.unknown()).nullish(),
  createdAt: z.string().optional(),
  startedAt: nullableString,
  finishedAt: nullableString,
});
export type Deployment = z.infer<typeof Deployment>;

export const DeploymentLinks = z.looseObject({ events: z.string(), ws: z.string() });
export type DeploymentLinks = z.infer<typeof DeploymentLinks>;

/** The 202 of create and delete: the tenant, the deployment doing the work, its streams. */
export const TenantOperation = z.looseObject({
  tenant: Tenant,
  deployment: Deployment,
  links: DeploymentLinks,
});
export type TenantOperation = z.infer<typeof TenantOperation>;

/**
 * The answer of a tenant change: a plan change also starts a deployment (202 with the
 * operation); a name or labels change answers the tenant alone.
 */
export const TenantChange = z.union([
  TenantOperation,
  Tenant.transform((tenant) => ({ tenant, deployment: undefined, links: undefined })),
]);
export type TenantChange = z.infer<typeof TenantChange>;

export const page = <T extends z.ZodType>(item: T) =>
  z.looseObject({ data: z.array(item), nextCursor: z.string().nullish() });
export type Page<T> = { data: T[]; nextCursor?: string | null };

export const ApiKeyScope = z.enum(["read", "write", "admin"]);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const ApiKey = z.looseObject({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string().optional(),
  lastUsedAt: nullableString,
  revokedAt: nullableString,
});
export type ApiKey = z.infer<typeof ApiKey>;

/** `key` is the full secret: the API shows it this once and stores only its hash. */
export const CreatedApiKey = z.looseObject({ apiKey: ApiKey, key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** Requests: sources as the API accepts them, where `ref` and `path` have server defaults. */
export type ServiceSourceInput = z.input<typeof ServiceSource>;

export type ServiceInput = {
  name: string;
  source: ServiceSourceInput;
  port: number;
  /** Defaults to `/`. */
  healthPath?: string;
  env?: Record<string, string>;
};

export type DatabaseInput = { engine: DatabaseEngine; version: string };

export type CreateTenantInput = {
  name: string;
  slug: string;
  plan?: string;
  labels?: Record<string, string>;
  services: ServiceInput[];
  database?: DatabaseInput;
  domains?: string[];
};

export type UpdateTenantInput = { name?: string; plan?: string; labels?: Record<string, string> };

/**
 * Fields left out stay as they are; `source` is replaced whole. Env changes by name: `envSet`
 * adds or overwrites, `envUnset` removes (values are never shown back, so there is no map to
 * resend).
 */
export type UpdateServiceInput = {
  source?: ServiceSourceInput;
  port?: number;
  healthPath?: string;
  envSet?: Record<string, string>;
  envUnset?: string[];
};

export const TENANT_STATUSES = ["provisioning", "active", "failed", "deleting", "deleted"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export type ListTenantsQuery = { cursor?: string; limit?: number; status?: TenantStatus };
export type ListQuery = { cursor?: string; limit?: number };

export type CreateApiKeyInput = { name: string; scopes: ApiKeyScope[] };

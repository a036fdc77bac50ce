import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { WebhookEventFilter } from "../contracts/webhooks.ts";

/** UTC timestamps as ISO-8601 text: readable in D1 and sortable as strings. */
const timestamp = (name: string) => text(name);
const createdAt = () =>
  timestamp("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** A key of the platform config's `plans`; null means its `defaultPlan`. */
  plan: text("plan"),
  createdAt: createdAt(),
});

export const API_KEY_SCOPES = ["read", "write", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    /** Public lookup part of `enc_<mode>_<prefix>_<secret>`. */
    prefix: text("prefix").notNull(),
    /** Hex SHA-256 of the secret part; the secret itself is never stored. */
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<ApiKeyScope[]>().notNull(),
    /**
     * Requests this key may make per window of its organization's plan, inside the
     * organization's own budget; null: only the organization's budget applies.
     */
    rateLimit: integer("rate_limit"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_keys_prefix_unique").on(t.prefix),
    index("api_keys_org_idx").on(t.organizationId),
  ],
);

/** Dashboard users: JWT subjects (per issuer) mapped to an organization. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    email: text("email"),
    scopes: text("scopes", { mode: "json" }).$type<ApiKeyScope[]>().notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at"),
  },
  (t) => [uniqueIndex("users_issuer_subject_unique").on(t.issuer, t.subject)],
);

export const TENANT_STATUSES = ["provisioning", "active", "failed", "deleting", "deleted"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const tenants = sqliteTable(
  "tenants",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    /** Becomes `<slug>.<base domain>`; unique across the platform among live tenants. */
    slug: text("slug").notNull(),
    plan: text("plan").notNull(),
    status: text("status", { enum: TENANT_STATUSES }).notNull(),
    statusReason: text("status_reason"),
    labels: text("labels", { mode: "json" }).$type<Record<string, string>>().notNull(),
    databaseEngine: text("database_engine", { enum: ["postgres", "mysql"] }),
    databaseVersion: text("database_version"),
    /** PgBouncer in front of the database; null: what the tenant's plan says. */
    databasePooling: integer("database_pooling", { mode: "boolean" }),
    /** The database user's password, sealed (slot `database:<tenant id>`/`password`). */
    databasePasswordCiphertext: text("database_password_ciphertext"),
    databasePasswordRotatedAt: timestamp("database_password_rotated_at"),
    domains: text("domains", { mode: "json" }).$type<string[]>().notNull(),
    /** Sealed JSON object of the variables every service of the tenant gets (see worker/crypto). */
    envCiphertext: text("env_ciphertext"),
    /** Names of the shared variables, so they can be listed masked without decrypting. */
    envKeys: text("env_keys", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Set when a deployment first reached ready: later failures leave that version serving. */
    readyAt: timestamp("ready_at"),
    /** The latest deployment of the tenant, whatever its outcome. */
    lastDeploymentId: text("last_deployment_id"),
    /** The latest provision deployment that reached ready: what the tenant is serving. */
    servingDeploymentId: text("serving_deployment_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
    deletedAt: timestamp("deleted_at"),
  },
  (t) => [
    uniqueIndex("tenants_live_slug_unique").on(t.slug).where(sql`${t.deletedAt} IS NULL`),
    index("tenants_org_created_idx").on(t.organizationId, t.createdAt, t.id),
  ],
);

/**
 * Each tenant's data key, wrapped by a key-encryption key (`ENCRYPTION_KEYS`, id in `keyId`):
 * every secret of the tenant is sealed with it, so rotating a KEK re-wraps one key per tenant,
 * and destroying this row makes whatever ciphertext of the tenant is left anywhere unreadable.
 */
export const tenantKeys = sqliteTable("tenant_keys", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  keyId: text("key_id").notNull(),
  /** `<wrap iv>.<wrapped key>` (base64url). */
  wrappedKey: text("wrapped_key").notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at").notNull(),
});

export const services = sqliteTable(
  "services",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    source: text("source", { mode: "json" }).notNull(),
    port: integer("port").notNull(),
    healthPath: text("health_path").notNull(),
    /** Envelope-encrypted JSON object of environment variables (see worker/crypto). */
    envCiphertext: text("env_ciphertext"),
    /** Names of the variables, so they can be listed masked without decrypting. */
    envKeys: text("env_keys", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("services_tenant_name_unique").on(t.tenantId, t.name)],
);

export const CREDENTIAL_KINDS = ["git", "registry"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/**
 * A tenant's credentials for private sources: a git token (clones) or an image registry login
 * (image pulls and build base images). The secret is sealed with the tenant's data key, bound
 * to the credential's own id; the rest is listed.
 */
export const credentials = sqliteTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: CREDENTIAL_KINDS }).notNull(),
    /** The git host a token is for (null: every git host), or the registry's server. */
    host: text("host"),
    /** Sealed JSON: `{ token }` for git, `{ username, password }` for a registry. */
    secretCiphertext: text("secret_ciphertext").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("credentials_tenant_name_unique").on(t.tenantId, t.name)],
);

export const DEPLOYMENT_KINDS = ["provision", "deprovision"] as const;
/** Why a deployment happened. */
export const DEPLOYMENT_TRIGGERS = [
  "create",
  "redeploy",
  "plan_change",
  "service_change",
  "rollback",
  "env_change",
  "delete",
  "database_add",
  "database_rotate",
] as const;
export type DeploymentTrigger = (typeof DEPLOYMENT_TRIGGERS)[number];

/** A service as a deployment ran it: its configuration without env values. */
export interface DeployedService {
  name: string;
  source: unknown;
  port: number;
  healthPath: string;
}
/**
 * What an env change rolls: only the services whose effective env changed, on the images the
 * tenant serves, so nothing is rebuilt and no other workload is touched.
 */
export interface EnvRollout {
  services: string[];
  images: Record<string, string>;
}
export const DEPLOYMENT_STATUSES = [
  "queued",
  "running",
  "ready",
  "failed",
  "cancelled",
  "deleted",
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const deployments = sqliteTable(
  "deployments",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text("kind", { enum: DEPLOYMENT_KINDS }).notNull(),
    trigger: text("trigger", { enum: DEPLOYMENT_TRIGGERS }).notNull().default("create"),
    status: text("status", { enum: DEPLOYMENT_STATUSES }).notNull(),
    /** The tenant's services when the deployment was queued: what it deploys. */
    services: text("services", { mode: "json" }).$type<DeployedService[]>(),
    /** For a rollback: the earlier ready deployment whose images and services it deploys again. */
    rollbackOf: text("rollback_of"),
    /** Set on an env change that can reuse the serving images; null: the full pipeline runs. */
    rollout: text("rollout", { mode: "json" }).$type<EnvRollout>(),
    /** The attempt currently dispatched; the watchdog and retries raise it. */
    attempt: integer("attempt").notNull().default(1),
    statusReason: text("status_reason"),
    /** Stage that failed, when status is failed. */
    failedStage: text("failed_stage"),
    /** Per-service detection results, image digests and the public URL, reported by the runner. */
    result: text("result", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    index("deployments_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("deployments_org_idx").on(t.organizationId),
    // The runner reads the tenant's records when its job starts, so two provision jobs of one
    // tenant in flight could each converge the other's changes; D1 refuses the second one even
    // when two requests race past the route's own check.
    uniqueIndex("deployments_one_active_provision")
      .on(t.tenantId)
      .where(sql`${t.kind} = 'provision' AND ${t.status} IN ('queued', 'running')`),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    /** `key:<id>`, `user:<id>`, `runner` or `system`. */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    requestId: text("request_id").notNull(),
    /** Non-secret details (e.g. changed field names); never values of secrets. */
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_org_created_idx").on(t.organizationId, t.createdAt, t.id)],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    organizationId: text("organization_id").notNull(),
    key: text("key").notNull(),
    /** `METHOD path`: the same key on another route is another request. */
    route: text("route").notNull(),
    /** SHA-256 of the canonical request body: same key + other body → 422. */
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["in_progress", "completed"] }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.key] }),
    index("idempotency_expires_idx").on(t.expiresAt),
  ],
);

/** Platform configuration overrides: one row per top-level PlatformConfig key. */
export const platformConfig = sqliteTable("platform_config", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});

/**
 * Endpoints of the provider's backend that receive signed events. The signing secret is
 * sealed with the webhook's own data key (wrapped by the KEK like a tenant's, `keyId` names
 * it); during a rotation's overlap the previous secret signs too.
 */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    url: text("url").notNull(),
    description: text("description"),
    /** Event types it receives; `["*"]` is every type. */
    events: text("events", { mode: "json" }).$type<WebhookEventFilter[]>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at"),
    /** Deliveries whose every attempt failed, since the last successful one. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    keyId: text("key_id").notNull(),
    wrappedKey: text("wrapped_key").notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    previousSecretCiphertext: text("previous_secret_ciphertext"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at"),
    secretRotatedAt: timestamp("secret_rotated_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("webhooks_org_created_idx").on(t.organizationId, t.createdAt, t.id)],
);

/** Events as they were delivered, kept so a delivery can be sent again unchanged. */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    type: text("type").notNull(),
    /** The body every delivery of the event sends. */
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Set once its deliveries are queued, so a redelivered fan-out queues them once. */
    fannedOutAt: timestamp("fanned_out_at"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_events_org_created_idx").on(t.organizationId, t.createdAt)],
);

/** One row per delivery attempt of an event to a webhook. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    organizationId: text("organization_id").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** 1 for the first attempt of a delivery, counting its retries. */
    attempt: integer("attempt").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms"),
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_deliveries_webhook_created_idx").on(t.webhookId, t.createdAt, t.id)],
);

/**
 * Every version of an operator's Dockerfile template, kept as history. The current override
 * of each template is the platform configuration's `templates` (what the runner renders).
 */
export const templateVersions = sqliteTable(
  "template_versions",
  {
    name: text("name").notNull(),
    version: integer("version").notNull(),
    content: text("content").notNull(),
    /** `sha256:<12 hex>` of the content: the version a build records in `dockerfile.version`. */
    contentHash: text("content_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.name, t.version] })],
);

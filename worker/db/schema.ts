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
  /** The plan a tenant created without one gets; null means the platform's `defaultPlan`. */
  defaultTenantPlan: text("default_tenant_plan"),
  /** What `POST /v1/webhooks` uses for the fields its body omits. */
  webhookDefaults: text("webhook_defaults", { mode: "json" })
    .$type<{ events?: WebhookEventFilter[] }>()
    .notNull()
    .default(sql`'{}'`),
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

export const MEMBER_ROLES = ["viewer", "developer", "admin"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/**
 * Members: the JWT subjects (per issuer) an organization lists, each with a role. A subject
 * may be a member of several organizations, with one row (and one `usr_` id) in each.
 */
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
    role: text("role", { enum: MEMBER_ROLES }).notNull().default("viewer"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at"),
  },
  (t) => [
    uniqueIndex("users_org_issuer_subject_unique").on(t.organizationId, t.issuer, t.subject),
    index("users_issuer_subject_idx").on(t.issuer, t.subject),
  ],
);

/** One kind of thing an erasure destroyed: how many, and when. */
export interface ErasedItem {
  item: string;
  count: number;
  erasedAt: string;
}
export interface ErasureReceipt {
  completedAt: string;
  items: ErasedItem[];
}

export const TENANT_STATUSES = [
  "provisioning",
  "active",
  "failed",
  "suspended",
  "deleting",
  "deleted",
] as const;
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
    /** What the tenant's erasure destroyed and when; the row itself stays as a tombstone. */
    erasure: text("erasure", { mode: "json" }).$type<ErasureReceipt>(),
  },
  (t) => [
    index("tenants_slug_deleted_idx").on(t.slug, t.deletedAt),
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

/** `web` serves HTTP on its port; `worker` runs a process without one; `cron` runs on a schedule. */
export const SERVICE_KINDS = ["web", "worker", "cron"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
/** What a cron service does when its previous run is still going (Kubernetes' CronJob policy). */
export const CONCURRENCY_POLICIES = ["Forbid", "Allow", "Replace"] as const;

export const services = sqliteTable(
  "services",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    source: text("source", { mode: "json" }).notNull(),
    kind: text("kind", { enum: SERVICE_KINDS }).notNull().default("web"),
    /** Null for a service without a port: a worker or a cron service. */
    port: integer("port"),
    healthPath: text("health_path").notNull(),
    /** Routed at a platform host of its own (the first public service at the tenant's). */
    public: integer("public", { mode: "boolean" }).notNull().default(false),
    /** Pods it runs; null: the plan's `replicas`. */
    replicas: integer("replicas"),
    /** A cron service's five-field schedule, its command and its concurrency policy. */
    schedule: text("schedule"),
    command: text("command", { mode: "json" }).$type<string[]>(),
    concurrencyPolicy: text("concurrency_policy", { enum: CONCURRENCY_POLICIES }),
    /** Set by a restart: the pod template annotation that rolls its pods without a rebuild. */
    restartedAt: timestamp("restarted_at"),
    /** Envelope-encrypted JSON object of environment variables (see worker/crypto). */
    envCiphertext: text("env_ciphertext"),
    /** Names of the variables, so they can be listed masked without decrypting. */
    envKeys: text("env_keys", { mode: "json" }).$type<string[]>().notNull(),
    /** Run as a Job on the new image before each rollout: a shell line or an argv array. */
    releaseCommand: text("release_command", { mode: "json" }).$type<string | string[]>(),
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

export const DEPLOYMENT_KINDS = ["provision", "deprovision", "backup", "restore"] as const;
/** Why a deployment happened. */
export const DEPLOYMENT_TRIGGERS = [
  "create",
  "redeploy",
  "plan_change",
  "service_change",
  "rollback",
  "env_change",
  "delete",
  "domain_change",
  "network_change",
  "suspend",
  "resume",
  "service_add",
  "service_remove",
  "scale",
  "restart",
  "database_add",
  "database_rotate",
  "backup",
  "restore",
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
  (t) => [
    index("audit_org_created_idx").on(t.organizationId, t.createdAt, t.id),
    index("audit_org_actor_created_idx").on(t.organizationId, t.actor, t.createdAt, t.id),
    index("audit_org_action_created_idx").on(t.organizationId, t.action, t.createdAt, t.id),
    index("audit_org_target_created_idx").on(
      t.organizationId,
      t.targetType,
      t.targetId,
      t.createdAt,
      t.id,
    ),
    index("audit_created_idx").on(t.createdAt, t.id),
  ],
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

export const DOMAIN_STATUSES = [
  "pending_verification",
  "verified",
  "certificate_pending",
  "active",
  "failed",
] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

/**
 * A tenant's custom hostnames. One row per hostname across the platform: a hostname routes to
 * one tenant at most, and a claim stays until it is removed, verified or not. Only a domain
 * whose DNS proved ownership (`verifiedAt` set) is routed.
 */
export const domains = sqliteTable(
  "domains",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    organizationId: text("organization_id").notNull(),
    domain: text("domain").notNull(),
    status: text("status", { enum: DOMAIN_STATUSES }).notNull(),
    statusReason: text("status_reason"),
    /** The value the `_enclave-challenge.<domain>` TXT record must hold. */
    verificationToken: text("verification_token").notNull(),
    verifiedAt: timestamp("verified_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("domains_domain_unique").on(t.domain),
    index("domains_tenant_idx").on(t.tenantId, t.createdAt),
  ],
);

export const NETWORK_RULE_PROTOCOLS = ["TCP", "UDP"] as const;

/** Egress a tenant's pods may open beyond the platform's default (the public internet). */
export const networkRules = sqliteTable(
  "network_rules",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    organizationId: text("organization_id").notNull(),
    cidr: text("cidr").notNull(),
    protocol: text("protocol", { enum: NETWORK_RULE_PROTOCOLS }).notNull(),
    /** Allowed destination ports; empty: every port. */
    ports: text("ports", { mode: "json" }).$type<number[]>().notNull(),
    description: text("description"),
    createdAt: createdAt(),
  },
  (t) => [index("network_rules_tenant_idx").on(t.tenantId, t.createdAt)],
);

/**
 * Authenticated API requests per organization and UTC day. Written only by the organization's
 * rate limiter when it flushes its counts, never on a request's path.
 */
export const usageRequestsDaily = sqliteTable(
  "usage_requests_daily",
  {
    organizationId: text("organization_id").notNull(),
    /** `YYYY-MM-DD` (UTC). */
    day: text("day").notNull(),
    requests: integer("requests").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day] })],
);

export const BACKUP_STATUSES = ["pending", "uploading", "completed", "failed"] as const;
export type BackupStatus = (typeof BACKUP_STATUSES)[number];

/**
 * A database backup of a tenant: an encrypted dump in the `BACKUPS` R2 bucket under
 * `objectKey`, written once through a signed upload URL by the backup Job.
 */
export const backups = sqliteTable(
  "backups",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The deployment (kind `backup`) whose Job makes it. */
    deploymentId: text("deployment_id").notNull(),
    status: text("status", { enum: BACKUP_STATUSES }).notNull(),
    /** `on_demand` or `scheduled`. */
    origin: text("origin", { enum: ["on_demand", "scheduled"] }).notNull(),
    engine: text("engine", { enum: ["postgres", "mysql"] }).notNull(),
    objectKey: text("object_key").notNull(),
    sizeBytes: integer("size_bytes"),
    createdAt: createdAt(),
    completedAt: timestamp("completed_at"),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("backups_tenant_created_idx").on(t.tenantId, t.createdAt, t.id)],
);

/** What a restore deployment (kind `restore`) puts back, and where. */
export const backupRestores = sqliteTable("backup_restores", {
  deploymentId: text("deployment_id").primaryKey(),
  backupId: text("backup_id")
    .notNull()
    .references(() => backups.id, { onDelete: "cascade" }),
  /** Another database of the tenant's engine to restore into; null: the tenant's own. */
  into: text("into"),
  createdAt: createdAt(),
});

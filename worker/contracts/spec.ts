import { z } from "zod";
import { EarlierBuild } from "./build.ts";
import { PlatformConfig } from "./config.ts";
import { SpecCredential } from "./credentials.ts";
import { DatabaseEngine, SpecDatabase } from "./database.ts";
import { BackupId, DeploymentId, OrganizationId, TenantId } from "./ids.ts";
import { ReleaseCommand } from "./release-command.ts";
import { ConcurrencyPolicy, CronSchedule, ServiceCommand, ServiceKind } from "./service-kinds.ts";
import { ServiceSource } from "./source.ts";
import { SpecSuspension } from "./suspension.ts";
import { SpecCustomDomain, SpecNetworkRule, SpecReconcile } from "./tenant-network.ts";

/** DNS-1123 label: what a service name or tenant slug must be to name Kubernetes objects. */
export const Dns1123Label = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label (a-z, 0-9, '-')");

/**
 * Names of the objects the pipeline creates in a tenant's namespace besides each service's own
 * (`<service>` Deployment and Service, `<service>-env` Secret), and those Kubernetes creates
 * in every namespace. A service may not take one: a service named `database` would replace the
 * database's Service and take its traffic.
 */
export const PLATFORM_OBJECT_NAMES = [
  "default",
  "database",
  "database-credentials",
  "tenant",
  "tenant-quota",
  "tenant-limits",
  "tenant-tls",
  "default-deny",
  "allow-ingress",
  "allow-egress",
  "suspended",
  "pgbouncer",
] as const;

export const ServiceName = Dns1123Label.refine(
  (name) => !(PLATFORM_OBJECT_NAMES as readonly string[]).includes(name),
  `is reserved for the platform's own objects (${PLATFORM_OBJECT_NAMES.join(", ")})`,
);

/** Environment variables the platform sets in every app container; a service cannot set them. */
export const PLATFORM_ENV_NAMES = ["PORT", "DATABASE_URL", "DATABASE_DIRECT_URL"] as const;
export const PLATFORM_ENV_PREFIX = "ENCLAVE_";

export const isPlatformEnvName = (name: string): boolean =>
  (PLATFORM_ENV_NAMES as readonly string[]).includes(name) || name.startsWith(PLATFORM_ENV_PREFIX);

export const SpecService = z.object({
  id: z.string(),
  name: Dns1123Label,
  source: ServiceSource,
  kind: ServiceKind.default("web"),
  /** Null for a worker or a cron service, which listen on no port. */
  port: z.number().int().min(1).max(65535).nullable(),
  healthPath: z.string().startsWith("/"),
  /** Absent: the first service is the public one, as before services said so themselves. */
  public: z.boolean().optional(),
  /** Absent: the plan's `replicas`. */
  replicas: z.number().int().min(0).optional(),
  schedule: CronSchedule.optional(),
  command: ServiceCommand.optional(),
  concurrencyPolicy: ConcurrencyPolicy.optional(),
  /** The last restart asked for: a pod template annotation, so pods roll without a rebuild. */
  restartedAt: z.string().optional(),
  /**
   * Decrypted environment variables, the tenant's shared ones under the service's own: only
   * ever in this spec and in Kubernetes Secrets.
   */
  env: z.record(z.string(), z.string()),
  releaseCommand: ReleaseCommand.nullable().optional(),
});
export type SpecService = z.infer<typeof SpecService>;

/**
 * Where the progress of this execution continues. Fetching the spec claims the attempt for the
 * runner, and an attempt can be executed more than once (a redelivered job, a lease taken over
 * after its holder went silent): numbering from here makes a second execution's events append
 * to the log instead of being deduplicated against the first execution's.
 */
export const SpecProgress = z.object({
  /** The first `seq` this execution uses: one past the highest the edge holds for the attempt, 0 if none. */
  nextSeq: z.number().int().min(0),
});
export type SpecProgress = z.infer<typeof SpecProgress>;

/**
 * An env change on a tenant serving what its records describe: only `services` are rolled
 * (their env Secret and Deployment), every service keeps the image in `images`, and nothing
 * is detected, built, routed or otherwise applied.
 */
export const SpecRollout = z.object({
  services: z.array(Dns1123Label),
  images: z.record(z.string(), z.string()),
});
export type SpecRollout = z.infer<typeof SpecRollout>;

/**
 * Everything the runner needs for one job, served by the edge's internal API to a runner
 * token only. It is the one place where plaintext secrets leave the edge.
 */
/**
 * A rollback deploys an earlier ready deployment's images again: the runner skips detect,
 * generate and build and deploys these, by service name.
 */
export const SpecRollback = z.object({
  deploymentId: DeploymentId,
  images: z.record(z.string(), z.string()),
});
export type SpecRollback = z.infer<typeof SpecRollback>;

/**
 * A backup or restore job's part: where the encrypted dump goes to (or comes from), through a
 * short-lived URL the edge signed, and the key derived for this backup from the tenant's data
 * key. Both are secrets: the runner puts them in a Secret only the Job mounts.
 */
export const SpecBackup = z.object({
  id: BackupId,
  engine: DatabaseEngine,
  /** `PUT` for a backup, `GET` for a restore. */
  objectUrl: z.url(),
  /** Passphrase (hex) of the `openssl enc` encryption. */
  key: z.string().regex(/^[0-9a-f]{64}$/),
  /** A restore into another database than the tenant's own; null: the tenant's database. */
  into: z.string().nullable(),
});
export type SpecBackup = z.infer<typeof SpecBackup>;

export const DeploymentSpec = z.object({
  deployment: z.object({
    id: DeploymentId,
    attempt: z.number().int().min(1),
    kind: z.enum(["provision", "deprovision", "backup", "restore"]),
    rollback: SpecRollback.optional(),
    suspension: SpecSuspension.optional(),
  }),
  tenant: z.object({
    id: TenantId,
    organizationId: OrganizationId,
    name: z.string(),
    slug: Dns1123Label,
    plan: z.string(),
    labels: z.record(z.string(), z.string()),
    /** True once any deployment of the tenant reached ready: a failed redeploy keeps it serving. */
    wasReady: z.boolean(),
  }),
  services: z.array(SpecService),
  database: SpecDatabase.nullable(),
  /** Only verified domains: the platform host never depends on them. */
  customDomains: z.array(SpecCustomDomain).default([]),
  networkRules: z.array(SpecNetworkRule).default([]),
  /** The tenant's private-source credentials, in plaintext: only ever in this spec. */
  credentials: z.array(SpecCredential).default([]),
  config: PlatformConfig,
  /**
   * The tenant's earlier builds, newest first, one per build key: a build whose inputs match
   * one reuses its image (if the registry still has it) instead of building again.
   */
  earlierBuilds: z.array(EarlierBuild).default([]),
  /** Absent: the full pipeline converges every object of the tenant. */
  rollout: SpecRollout.optional(),
  /** A backup or restore job's object and key; absent for every other kind. */
  backup: SpecBackup.optional(),
  reconcile: SpecReconcile.optional(),
  progress: SpecProgress,
});
export type DeploymentSpec = z.infer<typeof DeploymentSpec>;

import { z } from "@hono/zod-openapi";
import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { deployments, services, TENANT_STATUSES, tenants } from "../../db/schema.ts";
import {
  ConcurrencyPolicy,
  CronSchedule,
  DatabaseEngine,
  DetectionPreview,
  Dns1123Label,
  GithubSource,
  GitSource,
  ImageSource,
  isPlatformEnvName,
  MAX_TENANT_SERVICES,
  PLATFORM_ENV_NAMES,
  PLATFORM_ENV_PREFIX,
  PlanQuota,
  ReleaseCommand,
  ServiceCommand,
  ServiceKind,
  ServiceName,
  ServiceSource,
} from "../index.ts";
import { IdParams } from "./common.ts";
import { DeploymentLinksSchema, DeploymentSchema } from "./deployments.ts";

/** Names a tenant slug may not take: cluster namespaces, Enclave's own, and platform hosts. */
const RESERVED_SLUGS = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "api",
  "www",
  "app",
  "admin",
  "docs",
  "status",
]);
const RESERVED_SLUG_PREFIXES = ["kube-", "enclave-"];
const MAX_SLUG_LENGTH = 40;

export const TenantSlug = Dns1123Label.max(MAX_SLUG_LENGTH)
  .refine(
    (slug) => !RESERVED_SLUGS.has(slug) && !RESERVED_SLUG_PREFIXES.some((p) => slug.startsWith(p)),
    "is reserved",
  )
  .openapi({ example: "acme", description: "DNS-1123 label; becomes `<slug>.<base domain>`" });

const LabelKey = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/, "must be a label key (a-z, 0-9, '-', '_', '.')");
const LabelValue = z
  .string()
  .max(63)
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, "must be a label value");
export const Labels = z
  .record(LabelKey, LabelValue)
  .refine((labels) => Object.keys(labels).length <= 20, "at most 20 labels")
  .openapi({ example: { tier: "gold" } });

export const EnvName = z
  .string()
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
export const EnvValue = z.string().max(32 * 1024);
const platformEnvMessage = (name: string) =>
  `${name} is set by the platform (${[...PLATFORM_ENV_NAMES, `${PLATFORM_ENV_PREFIX}*`].join(", ")}); use another name`;

export const EnvVars = z
  .record(EnvName, EnvValue)
  .refine((env) => Object.keys(env).length <= 100, "at most 100 variables")
  .superRefine((env, ctx) => {
    for (const name of Object.keys(env).filter(isPlatformEnvName)) {
      ctx.addIssue({ code: "custom", path: [name], message: platformEnvMessage(name) });
    }
  });

/** The shared source contracts, closed: an unknown field is an error, not silently dropped. */
export const ServiceSourceInput = z
  .discriminatedUnion("type", [GitSource.strict(), GithubSource.strict(), ImageSource.strict()])
  .openapi("ServiceSource");

export const Port = z.number().int().min(1).max(65535).openapi({ example: 3000 });
export const HealthPath = z.string().startsWith("/").max(255).openapi({ example: "/healthz" });
export const ReleaseCommandInput = ReleaseCommand.openapi("ReleaseCommand", {
  description:
    "Run before each rollout as a Job on the new image with the service's env (DATABASE_URL " +
    "included), e.g. database migrations. A string runs through `sh -c`; an array is the " +
    "command as is. If it fails, nothing rolls out. Rollbacks do not run it again.",
  example: "npm run migrate",
});

/** What a service runs as and, by kind, what it needs: a port (web) or a schedule (cron). */
export const ServiceKindFields = z.object({
  kind: ServiceKind.default("web").openapi({
    description:
      "`web` serves HTTP on `port`; `worker` runs a process without a port; `cron` runs " +
      "`command` on `schedule`",
  }),
  port: Port.optional().openapi({ description: "Required for a web service; none for the others" }),
  public: z
    .boolean()
    .optional()
    .openapi({
      description:
        "Routed from outside: the first public service at `<slug>.<base domain>`, others at " +
        "`<service>--<slug>.<base domain>`. Omitted: the first service is public, others not",
    }),
  schedule: CronSchedule.optional().openapi({
    description: "A cron service's five-field schedule, in UTC",
    example: "*/15 * * * *",
  }),
  command: ServiceCommand.optional().openapi({
    description: "The program and arguments the container runs instead of the image's own",
    example: ["node", "report.js"],
  }),
  concurrencyPolicy: ConcurrencyPolicy.optional().openapi({
    description: "A cron service's run while the previous one still runs (default Forbid)",
  }),
});

interface KindFields {
  kind?: ServiceKind | undefined;
  port?: number | undefined;
  public?: boolean | undefined;
  schedule?: string | undefined;
  concurrencyPolicy?: string | undefined;
}

/** The fields a kind needs and those it cannot use, as issues at their paths. */
export function serviceKindIssues(service: KindFields, ctx: z.RefinementCtx): void {
  const kind = service.kind ?? "web";
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  if (kind === "web" && service.port === undefined) issue("port", "a web service needs a port");
  if (kind !== "web" && service.port !== undefined) issue("port", `a ${kind} service has no port`);
  if (kind !== "web" && service.public) issue("public", `a ${kind} service cannot be public`);
  if (kind === "cron" && service.schedule === undefined) {
    issue("schedule", "a cron service needs a schedule");
  }
  if (kind !== "cron" && service.schedule !== undefined) {
    issue("schedule", "only a cron service has a schedule");
  }
  if (kind !== "cron" && service.concurrencyPolicy !== undefined) {
    issue("concurrencyPolicy", "only a cron service has a concurrency policy");
  }
}

/** A service's fields; which of them its kind needs is checked apart (`serviceKindIssues`). */
export const ServiceFields = z.strictObject({
  name: ServiceName.openapi({ example: "web" }),
  source: ServiceSourceInput,
  ...ServiceKindFields.shape,
  healthPath: HealthPath.default("/"),
  env: EnvVars.default({}).openapi({
    description: "Encrypted at rest; responses show the names with masked values",
    example: { LOG_LEVEL: "info" },
  }),
  releaseCommand: ReleaseCommandInput.optional(),
});

export const ServiceInput = ServiceFields.superRefine(serviceKindIssues);

export const DatabaseInput = z.strictObject({
  engine: DatabaseEngine,
  version: z.string().min(1).max(20).optional().openapi({
    example: "16",
    description: "Omitted: the platform's default version of the engine, shown in the response",
  }),
  pooling: z.boolean().optional().openapi({
    description:
      "PostgreSQL only: PgBouncer (transaction pooling) in front of the database; omitted: what the plan says",
  }),
});

/** A fully qualified hostname (RFC 1123), lowercase, no wildcard, no trailing dot. */
export const CustomDomain = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be a lowercase hostname such as app.acme.com",
  )
  .openapi({ example: "app.acme.com" });

/** The tenant columns a request may write, with their rules: one source for create and update. */
const TenantFields = createInsertSchema(tenants, {
  name: z.string().trim().min(1).max(100).openapi({ example: "Acme Corp" }),
  plan: z.string().min(1).max(64).openapi({ example: "starter" }),
  labels: Labels,
}).pick({ name: true, plan: true, labels: true });

export const CreateTenantBody = z
  .strictObject({
    name: TenantFields.shape.name,
    slug: TenantSlug,
    plan: TenantFields.shape.plan.optional().openapi({
      description:
        "A plan of the platform configuration; when absent the organization's `defaultTenantPlan`, else the platform's default plan",
    }),
    labels: Labels.default({}),
    services: z
      .array(ServiceInput)
      .min(1)
      .max(MAX_TENANT_SERVICES)
      .refine(
        (services) => new Set(services.map((s) => s.name)).size === services.length,
        "service names must be unique",
      ),
    database: DatabaseInput.nullable().optional(),
    domains: z
      .array(CustomDomain)
      .max(10)
      .refine((domains) => new Set(domains).size === domains.length, "domains must be unique")
      .default([])
      .openapi({
        description:
          "Custom hostnames for the tenant besides `<slug>.<base domain>`. Each becomes a " +
          "pending domain (see `/v1/tenants/{id}/domains`): it is routed, with its own " +
          "certificate, only once its DNS records are verified",
      }),
  })
  .openapi("CreateTenant");
export type CreateTenantBody = z.infer<typeof CreateTenantBody>;

export const UpdateTenantBody = TenantFields.partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, "nothing to update")
  .openapi("UpdateTenant");
export type UpdateTenantBody = z.infer<typeof UpdateTenantBody>;

export const MASKED_VALUE = "********";

/** A service row as the API shows it: variable names with masked values, never ciphertext. */
export const ServiceSchema = createSelectSchema(services)
  .pick({
    id: true,
    name: true,
    kind: true,
    port: true,
    healthPath: true,
    public: true,
    replicas: true,
    schedule: true,
    concurrencyPolicy: true,
    restartedAt: true,
  })
  .extend({
    source: ServiceSource,
    command: z.array(z.string()).nullable(),
    replicas: z.number().int().nullable().openapi({
      description: "Pods it runs once scaled; null: the plan's replicas",
    }),
    url: z.string().nullable().openapi({
      description: "Where a public service is reached from outside; null for the others",
      example: "https://acme.enclave.localhost",
    }),
    env: z.record(z.string(), z.literal(MASKED_VALUE)),
    releaseCommand: ReleaseCommandInput.nullable(),
  })
  .openapi("Service");

/** A service as a deployment ran it: its configuration without env values. */
export const DeployedServiceSchema = createSelectSchema(services)
  .pick({ name: true, port: true, healthPath: true })
  .extend({ source: ServiceSource });

export const ServingSchema = createSelectSchema(deployments)
  .pick({ finishedAt: true })
  .extend({
    deploymentId: z.string(),
    services: z.array(DeployedServiceSchema).nullable(),
  })
  .openapi("Serving", {
    description:
      "The last deployment that reached ready and the services it deployed: what the tenant is running. Null until one has.",
  });

export const LastDeploymentSchema = createSelectSchema(deployments)
  .pick({
    id: true,
    trigger: true,
    status: true,
    statusReason: true,
    failedStage: true,
    createdAt: true,
    finishedAt: true,
  })
  .extend({ services: z.array(DeployedServiceSchema).nullable() })
  .openapi("LastDeployment", {
    description:
      "The latest deployment, whatever its outcome, and the services it tried; when it failed, `serving` still shows what runs.",
  });

/**
 * A tenant row as the API shows it, with its database, public URL and services, and what it
 * serves apart from what its last deployment tried.
 */
export const TenantSchema = createSelectSchema(tenants)
  .omit({
    organizationId: true,
    databaseEngine: true,
    databaseVersion: true,
    databasePooling: true,
    databasePasswordCiphertext: true,
    databasePasswordRotatedAt: true,
    lastDeploymentId: true,
    servingDeploymentId: true,
    deletedAt: true,
    envCiphertext: true,
    envKeys: true,
    erasure: true,
  })
  .extend({
    id: z.string().openapi({ example: "ten_0123456789abcdefghjk" }),
    labels: z.record(z.string(), z.string()),
    database: z.object({ engine: DatabaseEngine, version: z.string() }).nullable(),
    domains: z.array(z.string()).openapi({
      description: "The tenant's custom domains, verified or not (their state: `/domains`)",
    }),
    url: z.string().openapi({ example: "https://acme.enclave.localhost" }),
    env: z.record(z.string(), z.literal(MASKED_VALUE)).openapi({
      description: "Variables every service gets unless it sets its own; values masked",
    }),
    services: z.array(ServiceSchema).openapi({
      description: "The services as configured: what the next deployment deploys",
    }),
    serving: ServingSchema.nullable(),
    lastDeployment: LastDeploymentSchema.nullable(),
  })
  .openapi("Tenant");
export type TenantView = z.infer<typeof TenantSchema>;

export const TenantOperationSchema = z
  .object({ tenant: TenantSchema, deployment: DeploymentSchema, links: DeploymentLinksSchema })
  .openapi("TenantOperation");

export const TenantParams = IdParams.extend({
  id: IdParams.shape.id.openapi({
    description: "The tenant's id (`ten_…`) or its slug",
    example: "acme",
  }),
});

export const TenantListQuery = z.object({ status: z.enum(TENANT_STATUSES).optional() });

export const DryRunQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .openapi({
      description:
        "`true`: validate everything, check that the plan fits and answer 200 with what would " +
        "be created, creating nothing (no Idempotency-Key needed)",
    }),
});

const QuotaUsage = z.object({ used: z.number().int(), allowed: z.number().int() });

/** Null for an image source: nothing is detected for a service that is not built. */
export const DetectionPreviewSchema = DetectionPreview.nullable().openapi("DetectionPreview", {
  description:
    "What detection makes of a repository source before anything is created (null for an " +
    "image): `detected` with the languages, frameworks, commands, port and template and the " +
    "evidence for each; `failed` with the reason the deployment would fail detection; " +
    "`unavailable` when the runner could not be asked",
});

/** The answer of a dry run: what the create request would make, env values masked. */
export const TenantDryRunSchema = z
  .object({
    dryRun: z.literal(true),
    tenant: TenantSchema.pick({ name: true, slug: true, url: true, labels: true }),
    plan: z.object({ name: z.string(), quota: PlanQuota }),
    services: z.array(
      z.object({
        name: z.string(),
        source: z.record(z.string(), z.unknown()),
        port: z.number().int().nullable(),
        healthPath: z.string(),
        replicas: z.number().int(),
        env: z.record(z.string(), z.literal(MASKED_VALUE)),
        build: z.string().openapi({ description: "How the service's image is obtained" }),
        detection: DetectionPreviewSchema,
      }),
    ),
    database: z
      .object({ engine: z.string(), version: z.string(), image: z.string(), storage: z.string() })
      .nullable(),
    domains: z.array(
      z.object({
        domain: z.string(),
        records: z.array(
          z.object({ type: z.literal("CNAME"), name: z.string(), value: z.string() }),
        ),
      }),
    ),
    usage: z.object({
      pods: QuotaUsage,
      services: QuotaUsage,
      persistentVolumeClaims: QuotaUsage,
    }),
  })
  .openapi("TenantDryRun");
export type TenantDryRun = z.infer<typeof TenantDryRunSchema>;

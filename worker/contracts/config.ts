import { z } from "zod";
import { MAX_DETECTION_PREVIEW_SECONDS } from "./detection-preview.ts";
import { DEFAULT_SUSPENDED_PAGE } from "./suspension.ts";

/**
 * Platform configuration: every tunable number and name lives here with a typed default.
 * The edge stores overrides in D1 (`platform_config`, one row per top-level key) and hands
 * the merged result to the runner inside each deployment spec.
 */
const Quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, "must be a Kubernetes quantity");

const QUANTITY_FACTORS: Record<string, number> = {
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A `Quantity` in base units (cores, bytes), to compare and add quantities. */
export function quantityValue(quantity: string): number {
  const [, number = "0", suffix = ""] = /^([0-9.]+)([A-Za-z]*)$/.exec(quantity) ?? [];
  return Number(number) * (QUANTITY_FACTORS[suffix] ?? Number.NaN);
}

/** A DNS name such as `enclave.example.com`: lowercase labels, no path, no wildcard. */
const Hostname = z
  .string()
  .max(253)
  .regex(
    /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/,
    "must be a lowercase DNS name such as enclave.example.com",
  );
/** What Kubernetes accepts as a namespace name. */
const NamespaceName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label (a-z, 0-9, '-')");
/** What Kubernetes accepts as the name of most objects (issuers, storage classes). */
const ObjectName = Hostname.refine((name) => !name.startsWith("."), "must be an object name");
/** `host[:port]`, as an image reference starts. */
const RegistryHost = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
    "must be a registry host such as registry.example.com:5000",
  );
const ImageReference = z
  .string()
  .max(512)
  .regex(
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
    "must be an image reference such as postgres:17-alpine",
  );
const Ipv4Cidr = z.cidrv4({ error: "must be an IPv4 CIDR such as 10.0.0.0/8" });
/** Plan, template and version keys end up in messages, labels and file names. */
const Key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "must be a simple name");

/**
 * An organization's API budget: `requests` per fixed window of `windowSeconds`, shared by all
 * of its credentials (and, where a key sets its own limit, that key's share within it).
 */
export const ApiRateLimit = z.object({
  requests: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(3600),
});
export type ApiRateLimit = z.infer<typeof ApiRateLimit>;

const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { requests: 6000, windowSeconds: 60 };

/** A label key as Kubernetes accepts it: an optional DNS prefix and a name. */
const LabelKey = z
  .string()
  .max(317)
  .regex(
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    "must be a Kubernetes label key such as enclave.dev/pool",
  );
const LabelValue = z
  .string()
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, "must be a Kubernetes label value");

/** A pod toleration, as `PodSpec.tolerations` takes it. */
export const Toleration = z.object({
  key: LabelKey.optional(),
  operator: z.enum(["Equal", "Exists"]).optional(),
  value: LabelValue.optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
  tolerationSeconds: z.number().int().min(0).optional(),
});
export type Toleration = z.infer<typeof Toleration>;

/** How often and how many database backups a tenant on the plan keeps. */
export const BackupRetention = z.object({
  count: z.number().int().min(1).max(1000),
  /** Scheduled backups older than this are deleted too; absent: only `count` applies. */
  days: z.number().int().min(1).max(3650).optional(),
});

export const PlanQuota = z
  .object({
    requestsCpu: Quantity,
    requestsMemory: Quantity,
    limitsCpu: Quantity,
    limitsMemory: Quantity,
    requestsStorage: Quantity,
    pods: z.number().int().min(1),
    services: z.number().int().min(1),
    secrets: z.number().int().min(1),
    configMaps: z.number().int().min(1),
    persistentVolumeClaims: z.number().int().min(0),
    /** Per-container defaults applied by the LimitRange and used for the app containers. */
    containerRequestCpu: Quantity,
    containerRequestMemory: Quantity,
    containerLimitCpu: Quantity,
    containerLimitMemory: Quantity,
    databaseStorage: Quantity,
    replicas: z.number().int().min(1),
    /** For an organization on this plan: its API budget at the edge. */
    apiRateLimit: ApiRateLimit.default(DEFAULT_API_RATE_LIMIT),
    /** For an organization on this plan: how many tenants it may have (deleted ones aside). */
    maxTenants: z.number().int().min(1).default(1000),
    /** For an organization on this plan: deployments queued or running at once, all tenants. */
    maxConcurrentDeployments: z.number().int().min(1).default(100),
    /**
     * The isolation tier every tenant pod of the plan runs in: the nodes it may run on
     * (`nodeSelector` and the `tolerations` of their taints), its container runtime
     * (`runtimeClassName`, e.g. gVisor or Kata; the RuntimeClass must exist in the cluster) and
     * its scheduling priority (`priorityClassName`; the PriorityClass must exist).
     */
    nodeSelector: z.record(LabelKey, LabelValue).default({}),
    tolerations: z.array(Toleration).max(20).default([]),
    runtimeClassName: ObjectName.optional(),
    priorityClassName: ObjectName.optional(),
    /** Database backups of a tenant on the plan: a cron schedule, and how many are kept. */
    backupSchedule: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, "must be a cron schedule of five fields")
      .optional(),
    backupRetention: BackupRetention.optional(),
    /** PgBouncer in front of a tenant's PostgreSQL unless the tenant says otherwise. */
    connectionPooling: z.boolean().default(false),
  })
  .superRefine((plan, ctx) => {
    const pairs = [
      ["containerRequestCpu", "containerLimitCpu"],
      ["containerRequestMemory", "containerLimitMemory"],
      ["requestsCpu", "limitsCpu"],
      ["requestsMemory", "limitsMemory"],
    ] as const;
    for (const [request, limit] of pairs) {
      if (quantityValue(plan[request]) > quantityValue(plan[limit])) {
        ctx.addIssue({ code: "custom", path: [request], message: `must not exceed ${limit}` });
      }
    }
    if (quantityValue(plan.databaseStorage) > quantityValue(plan.requestsStorage)) {
      ctx.addIssue({
        code: "custom",
        path: ["databaseStorage"],
        message: "must not exceed requestsStorage",
      });
    }
  });
export type PlanQuota = z.infer<typeof PlanQuota>;

const starter: PlanQuota = {
  requestsCpu: "2",
  requestsMemory: "4Gi",
  limitsCpu: "4",
  limitsMemory: "8Gi",
  requestsStorage: "20Gi",
  pods: 20,
  services: 10,
  secrets: 20,
  configMaps: 20,
  persistentVolumeClaims: 4,
  containerRequestCpu: "100m",
  containerRequestMemory: "128Mi",
  containerLimitCpu: "500m",
  containerLimitMemory: "512Mi",
  databaseStorage: "5Gi",
  replicas: 1,
  apiRateLimit: DEFAULT_API_RATE_LIMIT,
  maxTenants: 1000,
  maxConcurrentDeployments: 100,
  nodeSelector: {},
  tolerations: [],
  backupSchedule: "0 3 * * *",
  backupRetention: { count: 7 },
  connectionPooling: false,
};

const pro: PlanQuota = {
  ...starter,
  requestsCpu: "8",
  requestsMemory: "16Gi",
  limitsCpu: "16",
  limitsMemory: "32Gi",
  requestsStorage: "100Gi",
  pods: 60,
  services: 30,
  persistentVolumeClaims: 10,
  containerLimitCpu: "2",
  containerLimitMemory: "2Gi",
  databaseStorage: "20Gi",
  replicas: 2,
  apiRateLimit: { requests: 30_000, windowSeconds: 60 },
  maxTenants: 10_000,
  maxConcurrentDeployments: 500,
  backupSchedule: "0 */6 * * *",
  backupRetention: { count: 28 },
  connectionPooling: true,
};

/**
 * The plans a new platform ships. `business` is `pro` under the name earlier tenants and
 * organizations were created with. Enterprise tenants run on their own node pool (nodes
 * labelled `enclave.dev/pool=dedicated` and tainted `enclave.dev/pool=dedicated:NoSchedule`)
 * in the gVisor sandbox (RuntimeClass `gvisor`).
 */
export const DEFAULT_PLANS: Record<string, PlanQuota> = {
  free: {
    ...starter,
    requestsCpu: "500m",
    requestsMemory: "1Gi",
    limitsCpu: "1",
    limitsMemory: "2Gi",
    requestsStorage: "5Gi",
    pods: 6,
    services: 4,
    secrets: 10,
    configMaps: 10,
    persistentVolumeClaims: 1,
    containerRequestCpu: "50m",
    containerRequestMemory: "64Mi",
    containerLimitCpu: "250m",
    containerLimitMemory: "256Mi",
    databaseStorage: "1Gi",
    apiRateLimit: { requests: 600, windowSeconds: 60 },
    maxTenants: 10,
    maxConcurrentDeployments: 5,
    backupSchedule: undefined,
    backupRetention: undefined,
  },
  starter,
  pro,
  business: pro,
  enterprise: {
    ...starter,
    requestsCpu: "32",
    requestsMemory: "64Gi",
    limitsCpu: "64",
    limitsMemory: "128Gi",
    requestsStorage: "500Gi",
    pods: 200,
    services: 100,
    secrets: 100,
    configMaps: 100,
    persistentVolumeClaims: 40,
    containerLimitCpu: "4",
    containerLimitMemory: "8Gi",
    databaseStorage: "100Gi",
    replicas: 3,
    apiRateLimit: { requests: 120_000, windowSeconds: 60 },
    maxTenants: 100_000,
    maxConcurrentDeployments: 2000,
    nodeSelector: { "enclave.dev/pool": "dedicated" },
    tolerations: [
      { key: "enclave.dev/pool", operator: "Equal", value: "dedicated", effect: "NoSchedule" },
    ],
    runtimeClassName: "gvisor",
    backupSchedule: "0 * * * *",
    backupRetention: { count: 168 },
    connectionPooling: true,
  },
};

export const DatabaseImages = z.object({
  postgres: z.record(Key, ImageReference),
  mysql: z.record(Key, ImageReference),
});

export const DatabaseDefaultVersions = z.object({ postgres: Key, mysql: Key });

export const PlatformConfig = z
  .object({
    baseDomain: Hostname.refine(
      (host) => host.includes("."),
      "must have at least two labels",
    ).default("enclave.localhost"),
    plans: z.record(Key, PlanQuota).default(DEFAULT_PLANS),
    defaultPlan: Key.default("starter"),
    cluster: z
      .object({
        ingressNamespace: NamespaceName.default("kube-system"),
        runnerNamespace: NamespaceName.default("enclave-system"),
        buildNamespace: NamespaceName.default("enclave-builds"),
        clusterIssuer: ObjectName.default("letsencrypt"),
        /** Where builds push, as it appears in image references (`<registry>/<tenant>/<service>`). */
        registry: RegistryHost.default("registry.enclave-system.svc.cluster.local:5000"),
        /**
         * The same registry's Distribution API (`http(s)://host:port`) as the runner reaches it,
         * used to delete a tenant's images when it is deprovisioned and to confirm an earlier
         * build's image exists before reusing it. Empty: image cleanup is not configured, images
         * stay in the registry, and every deployment builds. Credentials come from the runner's
         * environment, never from here.
         */
        registryApiUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]).default(""),
        buildImage: ImageReference.default("quay.io/buildah/stable:v1.38"),
        gitImage: ImageReference.default("alpine/git:2.47.1"),
        /**
         * PgBouncer for PostgreSQL connection pooling: an image configured through `DB_*` and
         * `POOL_MODE` env vars that writes its config under /etc/pgbouncer (edoburu's).
         */
        pgbouncerImage: ImageReference.default("edoburu/pgbouncer:v1.24.1-p1"),
        storageClass: ObjectName.default("local-path"),
        tlsEntryPoint: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, "must be a Traefik entry point name")
          .default("websecure"),
        /**
         * The cluster's pod and service networks (k3s defaults): tenant and build egress never
         * reaches them, whatever `deniedEgressCidrs` says.
         */
        podCidr: Ipv4Cidr.default("10.42.0.0/16"),
        serviceCidr: Ipv4Cidr.default("10.43.0.0/16"),
        /**
         * IPv4 CIDRs tenant egress may never reach (private, carrier-grade NAT, link-local and
         * metadata). Tenant egress has no IPv6 route at all, so fc00::/7 and the rest of IPv6 are
         * out of reach without listing them.
         */
        deniedEgressCidrs: z
          .array(Ipv4Cidr)
          .default([
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "169.254.0.0/16",
            "100.64.0.0/10",
          ]),
      })
      .prefault({}),
    databases: DatabaseImages.default({
      postgres: {
        "17": "postgres:17-alpine",
        "16": "postgres:16-alpine",
        "15": "postgres:15-alpine",
      },
      mysql: { "8.4": "mysql:8.4", "8.0": "mysql:8.0" },
    }),
    /** The version a tenant gets when it asks for an engine without a version. */
    databaseDefaultVersions: DatabaseDefaultVersions.default({ postgres: "17", mysql: "8.4" }),
    timeouts: z
      .object({
        /** How long the runner waits for a rollout to become available. */
        rolloutSeconds: z.number().int().min(1).default(300),
        buildSeconds: z.number().int().min(1).default(900),
        healthCheckSeconds: z.number().int().min(1).default(60),
        /** How long the route stage waits for the tenant's TLS certificate to be issued. */
        certificateSeconds: z.number().int().min(1).default(300),
        /**
         * How long the route stage waits, alongside the platform host's, for custom domains'
         * certificates; one still pending then is reported pending and never fails the stage.
         */
        customDomainCertificateSeconds: z.number().int().min(0).default(20),
        /** How long a service's release command may run before its Job is stopped and fails. */
        releaseSeconds: z.number().int().min(1).default(600),
        /** Build and release Jobs are garbage-collected this long after they finish. */
        buildJobTtlSeconds: z.number().int().min(0).default(3600),
        /** A running deployment silent this long is re-dispatched by the watchdog. */
        watchdogSeconds: z.number().int().min(5).default(120),
        /**
         * A dispatched attempt no runner has started yet (queued behind the runner's
         * concurrency limit) is re-dispatched after this much silence; the runner's queue
         * heartbeats renew it.
         */
        queuedSeconds: z.number().int().min(5).default(600),
        dispatchTimeoutSeconds: z.number().int().min(1).default(10),
        /** How long a dry run's detection preview may take, for all of its sources together. */
        detectionPreviewSeconds: z
          .number()
          .int()
          .min(1)
          .max(MAX_DETECTION_PREVIEW_SECONDS)
          .default(20),
      })
      .prefault({}),
    retries: z
      .object({
        /** Watchdog re-dispatches before a deployment is failed. */
        maxAttempts: z.number().int().min(1).default(3),
        dispatchBaseDelaySeconds: z.number().int().min(1).default(2),
        dispatchMaxDelaySeconds: z.number().int().min(1).default(300),
      })
      .prefault({}),
    webhooks: z
      .object({
        /** Attempts of one delivery (the first and its retries) before it counts as failed. */
        maxAttempts: z.number().int().min(1).max(20).default(8),
        /** Backoff between attempts: base × 2^(attempt−1), capped, with jitter. */
        retryBaseDelaySeconds: z.number().int().min(1).default(30),
        retryMaxDelaySeconds: z.number().int().min(1).max(43_200).default(3600),
        /** A webhook whose deliveries failed this many times in a row is disabled. */
        disableAfterFailedDeliveries: z.number().int().min(1).default(15),
        timeoutSeconds: z.number().int().min(1).max(30).default(10),
        /** How much of a receiver's answer each delivery attempt keeps. */
        responseExcerptChars: z.number().int().min(0).max(4096).default(1024),
        /** How long the previous secret still signs after a rotation, unless the call says. */
        secretOverlapHours: z.number().int().min(0).max(168).default(24),
        /**
         * DNS-over-HTTPS resolver (JSON API) that live mode asks for a target's addresses, so
         * a hostname resolving to a private, loopback, link-local or metadata address is refused.
         */
        dnsResolverUrl: z
          .url({ protocol: /^https$/ })
          .default("https://cloudflare-dns.com/dns-query"),
      })
      .prefault({}),
    backups: z
      .object({
        /**
         * The image of the backup and restore Jobs' step that encrypts and transfers a dump:
         * it needs `sh`, `openssl` (1.1.1 or newer, for `-pbkdf2`) and `curl`.
         */
        toolImage: ImageReference.default("alpine/curl:8.14.1"),
        /** How long a signed upload or download URL of a backup object stays valid. */
        urlSeconds: z.number().int().min(30).max(3600).default(600),
        /** How long a backup or restore Job may run. */
        jobSeconds: z.number().int().min(30).default(1800),
      })
      .prefault({}),
    erasure: z
      .object({
        /** A deleted tenant's slug stays reserved this long, so its URLs never serve another. */
        slugQuarantineDays: z.number().int().min(0).max(3650).default(30),
      })
      .prefault({}),
    domains: z
      .object({
        /**
         * DNS-over-HTTPS resolver (JSON API) that verification asks for a custom domain's TXT
         * challenge and its CNAME or A record. http is accepted so a resolver inside the
         * operator's network (or a test's) can answer.
         */
        dnsResolverUrl: z
          .url({ protocol: /^https?$/ })
          .default("https://cloudflare-dns.com/dns-query"),
        /**
         * The ingress's public IPv4 address, offered as an A record for apex domains (which
         * cannot take a CNAME). Empty: only the CNAME to the tenant's platform host is offered.
         */
        ingressAddress: z.union([z.literal(""), z.ipv4()]).default(""),
      })
      .prefault({}),
    networkRules: z
      .object({
        /**
         * IPv4 CIDRs a network rule may open although they lie in `cluster.deniedEgressCidrs`
         * or the cluster's pod and service networks (an operator's database on a private
         * range, say). Empty: no rule may reach a private, cluster or metadata address.
         */
        allowedInternalCidrs: z.array(Ipv4Cidr).default([]),
      })
      .prefault({}),
    /**
     * What a suspended tenant's hosts answer: this page with HTTP 503, from a static responder
     * (unprivileged nginx listening on `port`) that suspension starts in the tenant's namespace.
     */
    suspension: z
      .object({
        image: ImageReference.default("nginxinc/nginx-unprivileged:1.27-alpine"),
        port: z.number().int().min(1024).max(65535).default(8080),
        page: z.string().min(1).max(65_536).default(DEFAULT_SUSPENDED_PAGE),
      })
      .prefault({}),
    /** Dockerfile template overrides and additions, by template id. */
    templates: z.record(Key, z.string()).default({}),
    /** Detection rule overrides and additions (shape owned by runner/detect). */
    detectionRules: z.array(z.record(z.string(), z.unknown())).default([]),
  })
  .superRefine((config, ctx) => {
    if (!config.plans[config.defaultPlan]) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultPlan"],
        message: `must be one of the plans: ${Object.keys(config.plans).join(", ")}`,
      });
    }
    if (config.retries.dispatchBaseDelaySeconds > config.retries.dispatchMaxDelaySeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["retries", "dispatchBaseDelaySeconds"],
        message: "must not exceed dispatchMaxDelaySeconds",
      });
    }
    if (config.webhooks.retryBaseDelaySeconds > config.webhooks.retryMaxDelaySeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["webhooks", "retryBaseDelaySeconds"],
        message: "must not exceed retryMaxDelaySeconds",
      });
    }
    for (const engine of ["postgres", "mysql"] as const) {
      const versions = Object.keys(config.databases[engine]);
      if (!versions.includes(config.databaseDefaultVersions[engine])) {
        ctx.addIssue({
          code: "custom",
          path: ["databaseDefaultVersions", engine],
          message: `must be one of the ${engine} versions: ${versions.join(", ")}`,
        });
      }
    }
  });
export type PlatformConfig = z.infer<typeof PlatformConfig>;
export const defaultPlatformConfig = (): PlatformConfig => PlatformConfig.parse({});

/**
 * The quota of plan `name`, or the default plan's when the configuration no longer has it: a
 * platform configuration replaced as a whole can drop a plan that tenants are still on. The
 * configuration's schema guarantees the default plan.
 */
export const planQuota = (config: PlatformConfig, name: string): PlanQuota =>
  config.plans[name] ?? (config.plans[config.defaultPlan] as PlanQuota);

/** What a tenant asks of its plan's quota: its services and whether it has a database. */
export interface PlanDemand {
  services: number;
  database: boolean;
  /**
   * Pods each service runs, when they are not all the plan's `replicas`: a scaled service
   * runs its own count, a cron service one pod per run.
   */
  servicePods?: number[];
}

/**
 * Each limit of `plan` the tenant would exceed, as a sentence naming it. Every service runs
 * `replicas` pods and the database one, each container at the plan's per-container requests
 * and limits, plus room for the one extra pod a rollout adds (maxSurge 1) so that a redeploy
 * can make progress: a tenant that does not fit would be built and then wait for pods the
 * ResourceQuota refuses.
 */
/** Pods a tenant holds at most: every replica, the database, and one extra during a rollout. */
export const podsNeeded = (plan: PlanQuota, demand: PlanDemand): number =>
  (demand.servicePods?.reduce((total, pods) => total + pods, 0) ??
    demand.services * plan.replicas) +
  (demand.database ? 1 : 0) +
  (demand.services > 0 ? 1 : 0);

export function planShortfalls(name: string, plan: PlanQuota, demand: PlanDemand): string[] {
  const database = demand.database ? 1 : 0;
  const pods = podsNeeded(plan, demand);
  const shortfalls: string[] = [];
  const need = (limit: keyof PlanQuota, needed: number, has: number, what: string) => {
    if (needed > has + 1e-9) {
      shortfalls.push(
        `the ${name} plan's ${limit} is ${plan[limit]}, and ${what} need ${round(needed)}`,
      );
    }
  };
  const workload = `${demand.services} service(s) at ${plan.replicas} replica(s)${database ? " and a database" : ""}, with room for one more pod during a rollout,`;
  need("pods", pods, plan.pods, workload);
  need("services", demand.services + database, plan.services, "the services and database");
  need(
    "secrets",
    demand.services + database + 1,
    plan.secrets,
    "the env, database and TLS secrets",
  );
  need("persistentVolumeClaims", database, plan.persistentVolumeClaims, "the database");
  const perContainer = [
    ["requestsCpu", "containerRequestCpu"],
    ["limitsCpu", "containerLimitCpu"],
    ["requestsMemory", "containerRequestMemory"],
    ["limitsMemory", "containerLimitMemory"],
  ] as const;
  for (const [total, each] of perContainer) {
    need(total, pods * quantityValue(plan[each]), quantityValue(plan[total]), workload);
  }
  if (database) {
    need(
      "requestsStorage",
      quantityValue(plan.databaseStorage),
      quantityValue(plan.requestsStorage),
      `the database's ${plan.databaseStorage}`,
    );
  }
  return shortfalls;
}

const round = (value: number) => {
  const units = [
    ["Gi", 1024 ** 3],
    ["Mi", 1024 ** 2],
  ] as const;
  for (const [unit, size] of units)
    if (value >= size) return `${Math.round((value / size) * 100) / 100}${unit}`;
  return String(Math.round(value * 1000) / 1000);
};

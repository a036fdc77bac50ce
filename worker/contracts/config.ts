import { z } from "zod";

/**
 * Platform configuration: every tunable number and name lives here with a typed default.
 * The edge stores overrides in D1 (`platform_config`, one row per top-level key) and hands
 * the merged result to the runner inside each deployment spec.
 */
const Quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/);

export const PlanQuota = z.object({
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
};

export const DEFAULT_PLANS: Record<string, PlanQuota> = {
  starter,
  business: {
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
  },
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
  },
};

export const DatabaseImages = z.object({
  postgres: z.record(z.string(), z.string()),
  mysql: z.record(z.string(), z.string()),
});

export const PlatformConfig = z.object({
  baseDomain: z.string().default("enclave.localhost"),
  plans: z.record(z.string(), PlanQuota).default(DEFAULT_PLANS),
  defaultPlan: z.string().default("starter"),
  cluster: z
    .object({
      ingressNamespace: z.string().default("kube-system"),
      runnerNamespace: z.string().default("enclave-system"),
      buildNamespace: z.string().default("enclave-builds"),
      clusterIssuer: z.string().default("letsencrypt"),
      /** Where builds push, as it appears in image references (`<registry>/<tenant>/<service>`). */
      registry: z.string().default("registry.enclave-system.svc.cluster.local:5000"),
      /**
       * The same registry's Distribution API (`http(s)://host:port`) as the runner reaches it,
       * used to delete a tenant's images when it is deprovisioned. Empty: image cleanup is not
       * configured and images stay in the registry. Credentials come from the runner's
       * environment, never from here.
       */
      registryApiUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]).default(""),
      buildImage: z.string().default("quay.io/buildah/stable:v1.38"),
      gitImage: z.string().default("alpine/git:2.47.1"),
      storageClass: z.string().default("local-path"),
      tlsEntryPoint: z.string().default("websecure"),
      /** CIDRs tenant egress may never reach (cluster, private, link-local/metadata). */
      deniedEgressCidrs: z
        .array(z.string())
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
  timeouts: z
    .object({
      /** How long the runner waits for a rollout to become available. */
      rolloutSeconds: z.number().int().min(1).default(300),
      buildSeconds: z.number().int().min(1).default(900),
      healthCheckSeconds: z.number().int().min(1).default(60),
      /** How long the route stage waits for the tenant's TLS certificate to be issued. */
      certificateSeconds: z.number().int().min(1).default(300),
      /** Build Jobs are garbage-collected this long after they finish. */
      buildJobTtlSeconds: z.number().int().min(0).default(3600),
      /** A running deployment silent this long is re-dispatched by the watchdog. */
      watchdogSeconds: z.number().int().min(5).default(120),
      dispatchTimeoutSeconds: z.number().int().min(1).default(10),
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
  /** Dockerfile template overrides and additions, by template id. */
  templates: z.record(z.string(), z.string()).default({}),
  /** Detection rule overrides and additions (shape owned by runner/detect). */
  detectionRules: z.array(z.record(z.string(), z.unknown())).default([]),
});
export type PlatformConfig = z.infer<typeof PlatformConfig>;
export const defaultPlatformConfig = (): PlatformConfig => PlatformConfig.parse({});

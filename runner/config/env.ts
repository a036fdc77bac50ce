import { z } from "zod";

const Secret = z.string().min(32, "must be at least 32 characters");

const Port = z.coerce.number().int().min(0).max(65535);

/** Where job intake listens unless RUNNER_PORT says otherwise; the installed Service targets it. */
export const DEFAULT_RUNNER_PORT = 8790;
/** How long a shutdown waits for running jobs by default; the pod's grace period covers it. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

/** The runner's own settings; everything about the cluster comes with each spec (PlatformConfig). */
export const RunnerConfig = z
  .object({
    port: Port.default(DEFAULT_RUNNER_PORT),
    host: z.string().min(1).default("127.0.0.1"),
    edgeUrl: z.url().default("http://127.0.0.1:8787"),
    jobTokenSecret: Secret,
    runnerTokenSecret: Secret,
    concurrency: z.coerce.number().int().min(1).max(256).default(4),
    /** Sources read at once for dry-run previews, apart from the jobs' slots. */
    detectionConcurrency: z.coerce.number().int().min(1).max(64).default(2),
    /** Unset: the in-cluster service account when present, else the embedded cluster. */
    kubeconfig: z.string().min(1).optional(),
    mode: z.enum(["local", "live"]).default("local"),
    clusterStatePath: z.string().min(1).optional(),
    kubeconfigOutPath: z.string().min(1).optional(),
    /** Where source checkouts for detection go (default: the system temp directory). */
    workDir: z.string().min(1).optional(),
    /** How long a shutdown waits for jobs in flight before handing them back to the edge. */
    shutdownGraceMs: z.coerce.number().int().min(0).default(DEFAULT_SHUTDOWN_GRACE_MS),
    /** How often running jobs tell the edge they are alive: under the smallest watchdog (5 s). */
    heartbeatMs: z.coerce.number().int().min(100).max(4_000).default(2_000),
    /** How often a job queued behind the concurrency limit reports its position. */
    queuedHeartbeatMs: z.coerce.number().int().min(100).default(30_000),
    /** Basic credentials for the image registry's API (and its token service, if it has one). */
    registryUsername: z.string().min(1).optional(),
    registryPassword: z.string().min(1).optional(),
    /** A bearer token the image registry's API accepts as is; instead of a username and password. */
    registryToken: z.string().min(1).optional(),
  })
  .refine((config) => !config.registryUsername === !config.registryPassword, {
    path: ["registryPassword"],
    message: "REGISTRY_USERNAME and REGISTRY_PASSWORD are set together",
  })
  .refine((config) => !(config.registryToken && config.registryUsername), {
    path: ["registryToken"],
    message: "set REGISTRY_TOKEN or REGISTRY_USERNAME/REGISTRY_PASSWORD, not both",
  });
export type RunnerConfig = z.infer<typeof RunnerConfig>;
export type RunnerConfigInput = z.input<typeof RunnerConfig>;

const ENV_KEYS: Record<keyof RunnerConfig, string> = {
  port: "RUNNER_PORT",
  host: "RUNNER_HOST",
  edgeUrl: "EDGE_URL",
  jobTokenSecret: "JOB_TOKEN_SECRET",
  runnerTokenSecret: "RUNNER_TOKEN_SECRET",
  concurrency: "RUNNER_CONCURRENCY",
  detectionConcurrency: "RUNNER_DETECTION_CONCURRENCY",
  kubeconfig: "KUBECONFIG",
  mode: "ENCLAVE_MODE",
  clusterStatePath: "ENCLAVE_CLUSTER_STATE",
  kubeconfigOutPath: "ENCLAVE_KUBECONFIG_PATH",
  workDir: "ENCLAVE_WORK_DIR",
  shutdownGraceMs: "RUNNER_SHUTDOWN_GRACE_MS",
  heartbeatMs: "RUNNER_HEARTBEAT_MS",
  queuedHeartbeatMs: "RUNNER_QUEUED_HEARTBEAT_MS",
  registryUsername: "REGISTRY_USERNAME",
  registryPassword: "REGISTRY_PASSWORD",
  registryToken: "REGISTRY_TOKEN",
};

export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

/** Reads RunnerConfig from environment variables; the error names each bad variable, never its value. */
export function configFromEnv(env: NodeJS.ProcessEnv): RunnerConfig {
  const input: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const parsed = RunnerConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]) as keyof RunnerConfig;
    return `${ENV_KEYS[key] ?? key}: ${issue.message}`;
  });
  throw new ConfigError(`invalid runner configuration: ${problems.join("; ")}`, {
    cause: parsed.error,
  });
}

import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { KubeConfig } from "@kubernetes/client-node";
import { detectAndGenerate } from "./analysis/detect-and-generate.ts";
import { detectionPreviewer } from "./analysis/preview-detections.ts";
import { ConfigError, configFromEnv, RunnerConfig, type RunnerConfigInput } from "./config/env.ts";
import { EdgeClient } from "./edge/client.ts";
import { handBack } from "./intake/hand-back.ts";
import { startHeartbeats } from "./intake/heartbeats.ts";
import { JobScheduler } from "./intake/scheduler.ts";
import { createIntakeServer, listen } from "./intake/server.ts";
import { Kube } from "./kube/client.ts";
import { describeError, type Logger, runnerLogger } from "./log/logger.ts";
import { RunnerMetrics } from "./metrics/registry.ts";
import { runJob } from "./pipeline/run.ts";
import type { SourceAnalyzer } from "./pipeline/stages/detect.ts";
import { registryCredentials } from "./registry/auth.ts";

const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const EDGE_BACKOFF = { baseMs: 200, maxMs: 10_000 };
const SPEC_ATTEMPTS = 5;
const EVENT_FLUSH_MS = 15_000;
const MAX_BUFFERED_EVENTS = 5_000;

export interface RunnerOverrides {
  logger?: Logger;
  analyzer?: SourceAnalyzer;
}

export interface RunningRunner {
  url: string;
  /** The embedded cluster's kubeconfig path, when the runner started one. */
  kubeconfigPath: string | undefined;
  close(): Promise<void>;
}

interface ClusterTarget {
  config: KubeConfig;
  inCluster: boolean;
  kubeconfigPath: string | undefined;
  close(): Promise<void>;
}

/** KUBECONFIG, else the in-cluster service account, else an embedded cluster in this process. */
async function connectCluster(config: RunnerConfig, logger: Logger): Promise<ClusterTarget> {
  const kubeConfig = new KubeConfig();
  if (config.kubeconfig) {
    kubeConfig.loadFromFile(config.kubeconfig);
    return {
      config: kubeConfig,
      inCluster: false,
      kubeconfigPath: config.kubeconfig,
      close: async () => {},
    };
  }
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kubeConfig.loadFromCluster();
    return {
      config: kubeConfig,
      inCluster: true,
      kubeconfigPath: undefined,
      close: async () => {},
    };
  }
  if (config.mode === "live") {
    throw new ConfigError(
      "ENCLAVE_MODE=live needs a real cluster: set KUBECONFIG or run the runner inside the cluster",
    );
  }
  // Loaded on demand: a runner in a real cluster never needs the emulator's code.
  const { startEmbeddedCluster } = await import("./cluster/index.ts");
  const { registerEnclaveBehaviours } = await import("./behaviours/index.ts");
  const cluster = await startEmbeddedCluster({
    ...(config.clusterStatePath ? { stateFile: config.clusterStatePath } : {}),
    ...(config.kubeconfigOutPath ? { kubeconfigPath: config.kubeconfigOutPath } : {}),
  });
  registerEnclaveBehaviours(cluster);
  kubeConfig.loadFromString(cluster.kubeconfig);
  logger.info({ url: cluster.url, kubeconfig: cluster.kubeconfigPath }, "embedded cluster started");
  return {
    config: kubeConfig,
    inCluster: false,
    kubeconfigPath: cluster.kubeconfigPath,
    close: () => cluster.close(),
  };
}

/** Starts the runner: job intake on HTTP, the pipeline against the configured cluster. */
export async function startRunner(
  input: RunnerConfigInput,
  overrides: RunnerOverrides = {},
): Promise<RunningRunner> {
  const config = RunnerConfig.parse(input);
  const logger = overrides.logger ?? runnerLogger();
  const metrics = new RunnerMetrics({ processMetrics: true });
  const cluster = await connectCluster(config, logger);
  const kube = new Kube(cluster.config, {
    inCluster: cluster.inCluster,
    onRequest: (verb) => metrics.kubeRequests.inc({ verb }),
  });
  // Claims on attempts are held by this id: unique per instance, so a restarted runner (in a
  // container, the same host name and pid) never passes for the one that died mid-job.
  const runnerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const edge = new EdgeClient({
    edgeUrl: config.edgeUrl,
    tokenSecret: config.runnerTokenSecret,
    runnerId,
  });
  const analyzer = overrides.analyzer ?? detectAndGenerate(config.workDir, config.mode);
  const deps = {
    kube,
    analyzer,
    logger,
    metrics,
    registryCredentials: registryCredentials(config),
    fetchSpec: (id: string, attempt: number, purpose?: "run" | "cleanup") =>
      edge.fetchSpec(id, attempt, purpose),
    postEvents: edge.postEvents.bind(edge),
    edgeBackoff: EDGE_BACKOFF,
    specAttempts: SPEC_ATTEMPTS,
    eventFlushMs: EVENT_FLUSH_MS,
    maxBufferedEvents: MAX_BUFFERED_EVENTS,
  };
  const scheduler = new JobScheduler({
    concurrency: config.concurrency,
    logger,
    run: (job, signal) => runJob(deps, job, signal),
  });
  const heartbeats = startHeartbeats({
    snapshot: () => scheduler.snapshot(),
    send: (id, beat) => edge.heartbeat(id, beat),
    logger,
    runningMs: config.heartbeatMs,
    queuedMs: config.queuedHeartbeatMs,
  });
  const intake = createIntakeServer({
    host: config.host,
    port: config.port,
    jobTokenSecret: config.jobTokenSecret,
    scheduler,
    previewer: detectionPreviewer({
      analyzer,
      concurrency: config.detectionConcurrency,
      logger,
    }),
    metrics,
    logger,
    kube,
  });
  const url = await listen(intake.server, config.host, config.port);
  logger.info(
    {
      url,
      runnerId,
      mode: config.mode,
      concurrency: config.concurrency,
      detectionConcurrency: config.detectionConcurrency,
    },
    "runner listening",
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      intake.drain();
      const { handedBack } = await scheduler.close(config.shutdownGraceMs);
      heartbeats.stop();
      await handBack(handedBack, {
        release: (job, reason) => edge.release(job.deploymentId, job.attempt, reason),
        logger,
      });
      await new Promise<void>((resolve) => {
        intake.server.close(() => resolve());
        intake.server.closeIdleConnections();
      });
      await edge.close();
      await cluster.close();
    })();
    return closing;
  };
  return { url, kubeconfigPath: cluster.kubeconfigPath, close };
}

async function main(): Promise<void> {
  const logger = runnerLogger();
  // The last line of defence: a stray rejection is logged, never the end of the process.
  process.on("unhandledRejection", (reason) =>
    logger.error(describeError(reason), "unhandled rejection"),
  );
  let runner: RunningRunner;
  try {
    runner = await startRunner(configFromEnv(process.env), { logger });
  } catch (error) {
    if (error instanceof ConfigError) logger.error(error.message);
    else logger.error(describeError(error), "runner failed to start");
    process.exitCode = 1;
    return;
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      runner.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(describeError(error), "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

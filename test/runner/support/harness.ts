import { KubeConfig } from "@kubernetes/client-node";
import { registerEnclaveBehaviours } from "../../../runner/behaviours/index.ts";
import { type EmbeddedCluster, startEmbeddedCluster } from "../../../runner/cluster/index.ts";
import { Kube } from "../../../runner/kube/client.ts";
import { silentLogger } from "../../../runner/log/logger.ts";
import { type RunningRunner, startRunner } from "../../../runner/main.ts";
import { RunnerMetrics } from "../../../runner/metrics/registry.ts";
import { type RunnerDeps, runJob } from "../../../runner/pipeline/run.ts";
import type { SourceAnalyzer } from "../../../runner/pipeline/stages/detect.ts";
import type { DeploymentSpec, JobMessage, ProgressEvent } from "../../../worker/contracts/index.ts";
import { FakeEdge, nextSeqOf } from "./fake-edge.ts";
import { jobFor } from "./fixtures.ts";
import { jobToken } from "./job-token.ts";

/** The commit the fake analyzer reports having read. */
export const FAKE_REVISION = "0123456789abcdef0123456789abcdef01234567";

/** Detection stand-in: every repository is a Node app without a Dockerfile. */
export const nodeAppAnalyzer: SourceAnalyzer = {
  analyze: async (source) => ({
    detection: {
      path: source.path,
      dockerfile: null,
      languages: [{ value: "javascript", confidence: "definite", evidence: [] }],
      frameworks: [],
      packageManager: null,
      runtimeVersion: null,
      buildCommand: null,
      startCommand: null,
      port: null,
      healthPath: null,
      outputDirectory: null,
      template: "node",
      candidates: [],
    },
    repositoryDockerfile: null,
    revision: FAKE_REVISION,
  }),
  generate: () => ({
    templateId: "node",
    templateVersion: "sha256:000000000000",
    variables: {},
    dockerfile: "FROM node:22-alpine\nCOPY . .\nCMD node server.js\n",
  }),
};

export function adminKubeConfig(cluster: EmbeddedCluster): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(cluster.kubeconfig);
  return config;
}

/**
 * The pipeline against an embedded cluster over HTTP, with the edge reduced to a spec map and
 * an event list, so tests assert on the cluster's objects and the events the edge would see.
 */
export class Harness {
  readonly cluster: EmbeddedCluster;
  readonly kube: Kube;
  readonly metrics = new RunnerMetrics();
  readonly specs = new Map<string, DeploymentSpec>();
  readonly events: ProgressEvent[] = [];
  readonly deps: RunnerDeps;
  /** Sees every event as the edge receives it (tests use it to crash the runner mid-job). */
  onEvent: ((event: ProgressEvent) => void) | undefined;

  private constructor(cluster: EmbeddedCluster, analyzer: SourceAnalyzer, config: KubeConfig) {
    this.cluster = cluster;
    this.kube = new Kube(config, {
      inCluster: false,
      onRequest: (verb) => this.metrics.kubeRequests.inc({ verb }),
    });
    this.deps = {
      kube: this.kube,
      analyzer,
      logger: silentLogger,
      metrics: this.metrics,
      fetchSpec: async (id, attempt) => {
        const spec = this.specs.get(id);
        if (!spec) throw new Error(`no spec for ${id}`);
        return { ...spec, progress: { nextSeq: nextSeqOf(this.events, id, attempt) } };
      },
      postEvents: async (_id, batch) => {
        this.events.push(...batch.events);
        for (const event of batch.events) this.onEvent?.(event);
      },
      edgeBackoff: { baseMs: 1, maxMs: 10 },
      specAttempts: 1,
      eventFlushMs: 1000,
      maxBufferedEvents: 10_000,
    };
  }

  /** With `connect`, the pipeline uses the credentials it returns instead of the admin's. */
  static async start(
    analyzer: SourceAnalyzer = nodeAppAnalyzer,
    options: { connect?: (cluster: EmbeddedCluster) => Promise<KubeConfig> } = {},
  ): Promise<Harness> {
    const cluster = await startEmbeddedCluster();
    registerEnclaveBehaviours(cluster);
    try {
      const config = options.connect ? await options.connect(cluster) : adminKubeConfig(cluster);
      return new Harness(cluster, analyzer, config);
    } catch (error) {
      await cluster.close();
      throw error;
    }
  }

  async run(spec: DeploymentSpec, signal: AbortSignal = new AbortController().signal) {
    this.specs.set(spec.deployment.id, spec);
    await runJob(this.deps, jobFor(spec), signal);
    const events = this.eventsOf(spec);
    return { events, terminal: events.findLast((e) => e.type.startsWith("deployment.")) };
  }

  eventsOf(spec: DeploymentSpec): ProgressEvent[] {
    return this.events.filter(
      (e) => e.deploymentId === spec.deployment.id && e.attempt === spec.deployment.attempt,
    );
  }

  close(): Promise<void> {
    return this.cluster.close();
  }
}

export interface RunnerStack {
  cluster: EmbeddedCluster;
  edge: FakeEdge;
  runner: RunningRunner;
  /** Posts a job to the runner's intake with a token signed as the edge signs it. */
  submit(job: JobMessage): Promise<Response>;
  close(): Promise<void>;
}

/** The runner as deployed: its HTTP intake, the embedded cluster as its target, a fake edge. */
export async function startRunnerStack(secrets: {
  job: string;
  runner: string;
}): Promise<RunnerStack> {
  const cluster = await startEmbeddedCluster();
  registerEnclaveBehaviours(cluster);
  const edge = await new FakeEdge(secrets.runner).start();
  const runner = await startRunner(
    {
      port: 0,
      edgeUrl: edge.url,
      jobTokenSecret: secrets.job,
      runnerTokenSecret: secrets.runner,
      kubeconfig: cluster.kubeconfigPath,
    },
    { logger: silentLogger },
  );
  return {
    cluster,
    edge,
    runner,
    submit: async (job) =>
      fetch(`${runner.url}/v1/jobs`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await jobToken(secrets.job, job)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(job),
      }),
    close: async () => {
      await runner.close();
      await edge.close();
      await cluster.close();
    },
  };
}

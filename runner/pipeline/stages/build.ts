import type { IJob } from "kubernetes-models/batch/v1";
import type { IPod } from "kubernetes-models/v1";
import type { ServiceBuild, SpecService } from "../../../worker/contracts/index.ts";
import { finalBaseImage } from "../../builds/base-image.ts";
import { buildKey } from "../../builds/build-key.ts";
import { reusableBuild } from "../../builds/reuse.ts";
import { KubeError } from "../../kube/errors.ts";
import { waitFor } from "../../kube/wait.ts";
import {
  BUILD_CONTAINER,
  type BuildInput,
  buildCredentialsManifest,
  buildJobManifest,
  buildName,
  buildNamespaceManifest,
  CLONE_CONTAINER,
  checkoutOf,
  dockerfileConfigMapManifest,
  imageRepository,
  repositoryName,
} from "../../manifests/build.ts";
import { buildCredentials } from "../../manifests/build-credentials.ts";
import { buildNetworkPolicyManifests } from "../../manifests/build-network.ts";
import { LABEL } from "../../manifests/labels.ts";
import type { RegistryClient } from "../../registry/client.ts";
import { BUILD_KINDS } from "../cleanup.ts";
import type { JobContext, PreparedBuild } from "../context.ts";
import { registryClient } from "../images.ts";
import { FAILURE_LOG_LINES, followJobPod } from "../job-pod-log.ts";
import { LogLines } from "../log-lines.ts";
import { runStage } from "../stage.ts";

const DIGEST = /sha256:[a-f0-9]{64}/;

interface BuildOutcome {
  pod: string;
  /** The container whose exit decided the build (the clone when it failed). */
  container: string;
  exitCode: number;
  message: string;
}

/** The build's end from its pod: the build container's exit, or a failed clone before it. */
function outcomeOf(pod: IPod): BuildOutcome | undefined {
  const name = pod.metadata?.name ?? "";
  const clone = pod.status?.initContainerStatuses?.find((s) => s.name === CLONE_CONTAINER);
  const cloneExit = clone?.state?.terminated;
  if (cloneExit && cloneExit.exitCode !== 0) {
    return {
      pod: name,
      container: CLONE_CONTAINER,
      exitCode: cloneExit.exitCode ?? 1,
      message: cloneExit.message ?? "",
    };
  }
  const build = pod.status?.containerStatuses?.find((s) => s.name === BUILD_CONTAINER);
  const exit = build?.state?.terminated;
  if (exit)
    return {
      pod: name,
      container: BUILD_CONTAINER,
      exitCode: exit.exitCode ?? 1,
      message: exit.message ?? "",
    };
  if (pod.status?.phase === "Failed") {
    return {
      pod: name,
      container: BUILD_CONTAINER,
      exitCode: 1,
      message: pod.status.message ?? pod.status.reason ?? "",
    };
  }
  return undefined;
}

const jobFailed = (job: IJob) =>
  (job.status?.conditions ?? []).some(
    (condition) => condition.type === "Failed" && condition.status === "True",
  );

/**
 * Applies the build Job. A rerun finds it running or done and simply follows it; a Job a
 * previous attempt left failed (or that cannot be updated in place) is replaced, because this
 * attempt is meant to try again.
 */
async function startBuildJob(ctx: JobContext, input: BuildInput): Promise<IJob> {
  const { kube } = ctx.deps;
  const manifest = buildJobManifest(ctx.spec, input);
  const { name, namespace } = manifest.metadata;
  try {
    const job = await kube.apply(manifest);
    if (!jobFailed(job)) return job;
  } catch (error) {
    if (!(error instanceof KubeError) || error.status !== 422) throw error;
  }
  ctx.log("build", `${input.service.name}: replacing the build left by an earlier attempt`);
  // The old ConfigMap goes too, before the new Job exists, so the garbage collector cannot
  // remove it from under the new build on behalf of the old owner.
  for (const [apiVersion, kind] of BUILD_KINDS) {
    await kube.remove({ apiVersion, kind, metadata: { name, namespace } });
    await waitFor(kube, {
      apiVersion,
      kind,
      namespace,
      name,
      timeoutMs: ctx.spec.config.timeouts.buildSeconds * 1000,
      signal: ctx.signal,
      describe: `the removal of build ${kind} ${name}`,
      check: (observed) => (observed.has(name) ? undefined : true),
    });
  }
  return kube.apply(manifest);
}

/** Runs the build Job of one service and returns the digest it pushed. */
async function runBuild(ctx: JobContext, input: BuildInput): Promise<string> {
  const { spec, deps } = ctx;
  const { service } = input;
  const namespace = spec.config.cluster.buildNamespace;
  const name = buildName(spec, service);

  // The Job first, so the ConfigMap can name it as owner and go away with it; the pod waits
  // for the ConfigMap to mount.
  const job = await startBuildJob(ctx, input);
  const uid = job.metadata?.uid ?? "";
  await deps.kube.apply(dockerfileConfigMapManifest(spec, input, { name, uid }));
  const credentials = buildCredentialsManifest(spec, input, { name, uid });
  if (credentials) await deps.kube.apply(credentials);
  ctx.log("build", `${service.name}: build Job ${namespace}/${name}`);

  const { outcome, tail: buildTail } = await followJobPod(ctx, {
    stage: "build",
    service: service.name,
    container: BUILD_CONTAINER,
    namespace,
    labelSelector: `${LABEL.build}=${name}`,
    jobUid: uid,
    timeoutMs: spec.config.timeouts.buildSeconds * 1000,
    describe: `the build of ${service.name}`,
    outcomeOf,
  });

  if (outcome.exitCode !== 0) {
    let tail = buildTail;
    if (outcome.container === CLONE_CONTAINER) {
      const cloneLines = new LogLines(
        ctx.reporter,
        "build",
        { service: service.name, container: CLONE_CONTAINER },
        FAILURE_LOG_LINES,
      );
      const ended = new Promise<void>((resolve) => cloneLines.on("finish", resolve));
      await deps.kube
        .streamLog(namespace, outcome.pod, CLONE_CONTAINER, cloneLines)
        .then(() => ended)
        .catch(() => {});
      tail = cloneLines.tail;
    }
    const what = outcome.container === CLONE_CONTAINER ? "fetching the source" : "the build";
    const lastLines = tail.length > 0 ? `\nlast log lines:\n${tail.join("\n")}` : "";
    throw new Error(
      `${service.name}: ${what} failed with exit code ${outcome.exitCode}${lastLines}`,
    );
  }
  const digest = DIGEST.exec(outcome.message)?.[0];
  if (!digest)
    throw new Error(`${service.name}: the build finished without reporting an image digest`);
  return digest;
}

/** The build namespace and its network policies, before the first build runs in it. */
async function applyBuildNamespace(ctx: JobContext): Promise<void> {
  const { cluster } = ctx.spec.config;
  await ctx.deps.kube.apply(buildNamespaceManifest(cluster));
  for (const policy of buildNetworkPolicyManifests(cluster)) await ctx.deps.kube.apply(policy);
}

interface StageTools {
  registry: RegistryClient | undefined;
  /** Applies the build namespace once, when the first service actually builds. */
  buildNamespace(): Promise<unknown>;
}

/**
 * The image of one service: the digest of an earlier build with the same inputs when the
 * registry still has it, else a new build; with the record of what it was made from.
 */
async function serviceImage(
  ctx: JobContext,
  service: SpecService,
  prepared: PreparedBuild,
  tools: StageTools,
): Promise<ServiceBuild> {
  const started = performance.now();
  const checkout = checkoutOf(service.source, prepared.revision, prepared.path);
  if (!checkout) throw new Error(`service ${service.name} has nothing to build`);
  const repository = imageRepository(ctx.spec, service);
  const baseImage = finalBaseImage(prepared.dockerfile);
  const key = buildKey({
    repository,
    source: checkout.url,
    commit: prepared.revision,
    path: checkout.path,
    dockerfile: prepared.template
      ? { kind: "template", ...prepared.template }
      : { kind: "repository", content: prepared.dockerfile },
    baseImage,
  });
  const earlier =
    key === null
      ? null
      : await reusableBuild(ctx, service.name, key, {
          client: tools.registry,
          repository: repositoryName(ctx.spec, service),
        });
  let digest = earlier?.digest;
  if (!digest) {
    await tools.buildNamespace();
    digest = await runBuild(ctx, {
      service,
      checkout,
      dockerfile: prepared.dockerfile,
      credentials: buildCredentials(ctx.spec, service),
    });
  }
  return {
    image: `${repository}@${digest}`,
    digest,
    key,
    revision: prepared.revision,
    path: checkout.path,
    baseImage,
    dockerfile: prepared.template
      ? { name: prepared.template.name, version: prepared.template.version }
      : "repository Dockerfile",
    detection: prepared.detection,
    durationMs: performance.now() - started,
    reusedFrom: earlier?.deploymentId ?? null,
  };
}

const describeImage = ([name, record]: readonly [string, ServiceBuild]) =>
  record.reusedFrom
    ? `${name} → ${record.image} (reused the build of ${record.reusedFrom})`
    : `${name} → ${record.image}`;

/** Builds (or reuses the earlier build of) every service that has a Dockerfile prepared, in parallel. */
export function build(ctx: JobContext): Promise<void> {
  const services = ctx.spec.services.flatMap((service) => {
    const prepared = ctx.builds.get(service.name);
    return prepared ? [{ service, prepared }] : [];
  });
  const names = services.map(({ service }) => service.name).join(", ");
  return runStage(ctx, "build", `building ${names}`, async () => {
    let namespace: Promise<unknown> | undefined;
    const tools: StageTools = {
      registry: ctx.spec.earlierBuilds.length > 0 ? registryClient(ctx) : undefined,
      buildNamespace: () => (namespace ??= applyBuildNamespace(ctx)),
    };
    try {
      const records = await Promise.all(
        services.map(async ({ service, prepared }) => {
          const record = await serviceImage(ctx, service, prepared, tools);
          ctx.images.set(service.name, record.image);
          ctx.buildRecords.set(service.name, record);
          return [service.name, record] as const;
        }),
      );
      return {
        result: undefined,
        summary: `images: ${records.map(describeImage).join(", ")}`,
        data: {
          images: Object.fromEntries(records.map(([name, record]) => [name, record.image])),
        },
      };
    } finally {
      await tools.registry?.close();
    }
  });
}

import type {
  DetectionResult,
  JobMessage,
  SpecRollback,
  SpecRollout,
  Stage,
} from "../../worker/contracts/index.ts";
import { ProgressReporter, type ReporterOptions } from "../edge/reporter.ts";
import { describeError } from "../log/logger.ts";
import { tenantNamespace } from "../manifests/labels.ts";
import { tenantHosts } from "../manifests/routing.ts";
import { type ClaimDeps, claimAttempt } from "./claim.ts";
import {
  deploymentBuildSelector,
  removeBuilds,
  removeTenantNamespace,
  tenantBuildSelector,
} from "./cleanup.ts";
import type { JobContext, PipelineDeps } from "./context.ts";
import { databaseJob } from "./database-backup.ts";
import { cleanUpDeadLetter } from "./dead-letter-cleanup.ts";
import { removeBuiltImages, removeTenantImages } from "./images.ts";
import { namespaceInventory } from "./namespace-inventory.ts";
import { previousImages, restorePreviousVersion } from "./previous-version.ts";
import { reconcile } from "./reconcile.ts";
import { specSecrets } from "./spec-secrets.ts";
import { errorMessage, runStage, StageError } from "./stage.ts";
import { build } from "./stages/build.ts";
import { deploy, rollEnv } from "./stages/deploy.ts";
import { detectStage, repositoryServices } from "./stages/detect.ts";
import { generateStage } from "./stages/generate.ts";
import { health } from "./stages/health.ts";
import { namespaceStage } from "./stages/namespace.ts";
import { release } from "./stages/release.ts";
import { route } from "./stages/route.ts";
import { runSuspension, undoSuspend } from "./suspension.ts";

export interface RunnerDeps extends PipelineDeps, ClaimDeps {
  postEvents: ReporterOptions["post"];
  /** How long a finished job waits for its last events to reach the edge. */
  eventFlushMs: number;
  /** Undelivered progress events per job before log lines are dropped. */
  maxBufferedEvents: number;
}

/** Cleanup after a failure or for deprovision must not hang the tenant's queue forever. */
const CLEANUP_TIMEOUT_MS = 120_000;

/**
 * Runs one job end to end. Never throws: every outcome is a log line and a metric, and an
 * event too once the attempt is claimed (only the holder may report on it).
 */
export async function runJob(
  deps: RunnerDeps,
  job: JobMessage,
  signal: AbortSignal,
): Promise<void> {
  const spec = await claimAttempt(deps, job, signal);
  if (!spec) return;
  if (job.type === "cleanup") return cleanUpDeadLetter(deps, spec, signal);
  const claimLost = new AbortController();
  const cancelled = new AbortController();
  const jobSignal = AbortSignal.any([signal, claimLost.signal, cancelled.signal]);
  const reporter = new ProgressReporter({
    deploymentId: job.deploymentId,
    attempt: job.attempt,
    firstSeq: spec.progress.nextSeq,
    post: deps.postEvents,
    logger: deps.logger,
    backoff: deps.edgeBackoff,
    maxBuffered: deps.maxBufferedEvents,
    onClaimLost: () => claimLost.abort(),
    onCancelled: () => cancelled.abort(new Error("the deployment was cancelled")),
  });
  const fields = { deploymentId: job.deploymentId, attempt: job.attempt, type: job.type };
  let outcome = "failed";
  try {
    if (spec.tenant.id !== job.tenantId || spec.deployment.id !== job.deploymentId) {
      reporter.emit({
        stage: null,
        type: "deployment.failed",
        message: "the spec does not match the job",
      });
      return;
    }
    reporter.redact(specSecrets(spec));
    const ctx: JobContext = {
      deps,
      job,
      spec,
      reporter,
      signal: jobSignal,
      cancellation: cancelled.signal,
      shutdown: signal,
      previous: new Map(),
      images: new Map(),
      builds: new Map(),
      buildRecords: new Map(),
      customDomains: [],
      log: (stage: Stage, message: string) => reporter.emit({ stage, type: "stage.log", message }),
    };
    outcome =
      job.type === "deprovision"
        ? await deprovisionJob(ctx)
        : job.type === "backup" || job.type === "restore"
          ? await databaseJob(ctx, job.type)
          : await provisionJob(ctx);
  } catch (error) {
    if (claimLost.signal.aborted && !signal.aborted) {
      outcome = "superseded";
      deps.logger.warn(fields, "job stopped: another runner holds its attempt");
      return;
    }
    if (!signal.aborted) throw error;
    outcome = "handed-back";
    reporter.emit({
      stage: null,
      type: "stage.log",
      message: "the runner is shutting down; the job will be retried",
    });
    deps.logger.warn(fields, "job handed back");
  } finally {
    deps.metrics.jobs.inc({ type: job.type, outcome });
    deps.logger.info({ ...fields, outcome }, "job finished");
    const undelivered = await reporter.close(deps.eventFlushMs);
    if (undelivered > 0) deps.metrics.eventsUndelivered.inc(undelivered);
  }
}

async function provisionJob(ctx: JobContext): Promise<string> {
  const { spec, reporter } = ctx;
  // What detection found is part of the deployment's record, ready or not: it explains a
  // build that failed as much as one that worked.
  const detections: Record<string, DetectionResult> = {};
  const revisions: Record<string, string> = {};
  try {
    let url: string;
    if (spec.deployment.suspension) {
      url = await runSuspension(ctx, spec.deployment.suspension);
    } else if (spec.rollout) {
      url = await rollEnvJob(ctx, spec.rollout);
      await reconcile(ctx);
    } else {
      await namespaceStage(ctx);
      for (const service of spec.services) {
        if (service.source.type === "image") ctx.images.set(service.name, service.source.image);
      }
      const { rollback } = spec.deployment;
      if (rollback) {
        skipForRollback(ctx, rollback);
      } else if (repositoryServices(ctx).length > 0) {
        const analyses = await detectStage(ctx);
        for (const [name, analysis] of analyses) {
          detections[name] = analysis.detection;
          revisions[name] = analysis.revision;
        }
        await generateStage(ctx, analyses);
        await build(ctx);
      }
      if (!rollback) await release(ctx);
      await deploy(ctx);
      url = await route(ctx);
      await health(ctx);
    }
    reporter.emit({
      stage: null,
      type: "deployment.ready",
      message: `ready at ${url}`,
      data: {
        url,
        namespace: tenantNamespace(spec),
        images: Object.fromEntries(ctx.images),
        detections,
        revisions,
        builds: Object.fromEntries(ctx.buildRecords),
        customDomains: ctx.customDomains,
      },
    });
    return "ready";
  } catch (error) {
    const cancelled = ctx.cancellation.aborted && !ctx.shutdown.aborted;
    if (ctx.signal.aborted && !cancelled) throw error;
    await compensate(ctx);
    if (cancelled) {
      reporter.emit({
        stage: null,
        type: "deployment.cancelled",
        message: "The deployment was cancelled",
        data: { detections, revisions },
      });
      return "cancelled";
    }
    const failure =
      error instanceof StageError
        ? error
        : new StageError("namespace", errorMessage(error), { cause: error });
    // The stage travels as data and every reader shows it ("failed at stage detect"): the
    // message says only what happened and what to do.
    reporter.emit({
      stage: null,
      type: "deployment.failed",
      message: failure.message,
      data: {
        stage: failure.stage,
        detections,
        revisions,
        builds: Object.fromEntries(ctx.buildRecords),
      },
    });
    return "failed";
  }
}

/**
 * Images of the deployment rolled back to, instead of detect, generate and build: those stages
 * report that they were skipped and why.
 */
function skipForRollback(ctx: JobContext, rollback: SpecRollback): void {
  const message = `skipped: rollback to ${rollback.deploymentId}`;
  for (const service of ctx.spec.services) {
    const image = rollback.images[service.name];
    if (!image) {
      throw new StageError(
        "build",
        `${rollback.deploymentId} recorded no image for ${service.name}; it cannot be deployed without a build`,
      );
    }
    ctx.images.set(service.name, image);
  }
  // A rollback runs images whose release already ran; their migrations are not run backwards.
  for (const stage of ["detect", "generate", "build", "release"] as const) {
    ctx.reporter.emit({
      stage,
      type: "stage.completed",
      message,
      durationMs: 0,
      data: { skipped: true },
    });
  }
}

/**
 * An env change on a tenant that serves what its records describe: the serving images, no
 * detection or build, and only the services whose effective env changed are applied and
 * waited for. Returns the tenant's URL, which the change leaves as it is.
 */
async function rollEnvJob(ctx: JobContext, rollout: SpecRollout): Promise<string> {
  for (const [name, image] of Object.entries(rollout.images)) ctx.images.set(name, image);
  const rolled = ctx.spec.services.filter((service) => rollout.services.includes(service.name));
  await rollEnv(ctx, rolled);
  if (rolled.length > 0) await health(ctx, { services: rolled });
  return `https://${tenantHosts(ctx.spec)[0]}`;
}

/**
 * A tenant that was never ready gets nothing half-built left behind. A ready tenant gets its
 * previous version back: each Deployment and env Secret this job changed is restored and
 * rolled out again, and this deployment's builds (a running one too) are removed.
 */
async function compensate(ctx: JobContext): Promise<void> {
  const { spec, deps, reporter } = ctx;
  const options = { timeoutMs: CLEANUP_TIMEOUT_MS, signal: ctx.shutdown };
  try {
    const builds = await removeBuilds(deps.kube, spec, deploymentBuildSelector(spec), options);
    await undoSuspend(ctx);
    if (spec.tenant.wasReady) {
      await restoreServing(ctx);
      return;
    }
    await removeTenantNamespace(deps.kube, spec, options);
    reporter.emit({
      stage: null,
      type: "stage.log",
      message: `removed namespace ${tenantNamespace(spec)}${builds ? ` and ${builds} build object(s)` : ""}`,
    });
    await removeBuiltImages(ctx, (message) =>
      reporter.emit({ stage: null, type: "stage.log", message }),
    );
  } catch (error) {
    deps.logger.error(
      {
        deploymentId: spec.deployment.id,
        ...describeError(error),
      },
      "compensation failed",
    );
    reporter.emit({
      stage: null,
      type: "stage.log",
      message: `cleanup incomplete: ${errorMessage(error)}`,
    });
  }
}

async function restoreServing(ctx: JobContext): Promise<void> {
  const { reporter } = ctx;
  if (ctx.previous.size === 0) {
    reporter.emit({
      stage: null,
      type: "stage.log",
      message: "the previous version keeps serving",
    });
    return;
  }
  const restored = await restorePreviousVersion(ctx, { signal: ctx.shutdown });
  reporter.emit({
    stage: null,
    type: "deployment.rolled_back",
    message: `the previous version is back: ${restored.join(", ") || "no service"} restored`,
    data: { services: restored, images: previousImages(ctx, restored) },
  });
}

async function deprovisionJob(ctx: JobContext): Promise<string> {
  const { spec, deps, reporter } = ctx;
  const options = { timeoutMs: CLEANUP_TIMEOUT_MS, signal: ctx.signal };
  let erased: Record<string, number>;
  try {
    erased = await runStage(ctx, "deprovision", "removing the tenant", async () => {
      const builds = await removeBuilds(deps.kube, spec, tenantBuildSelector(spec), options);
      const inventory = await namespaceInventory(deps.kube, spec);
      await removeTenantNamespace(deps.kube, spec, options);
      const images = await removeTenantImages(ctx, (message) => ctx.log("deprovision", message));
      return {
        result: { ...inventory, buildObjects: builds, images: images.removed },
        summary: `namespace ${tenantNamespace(spec)} and ${builds} build object(s) removed; ${images.summary}`,
      };
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    reporter.emit({
      stage: "deprovision",
      type: "deployment.failed",
      message: errorMessage(error),
    });
    return "failed";
  }
  reporter.emit({
    stage: null,
    type: "deployment.deleted",
    message: "the tenant's environment is removed",
    // What the erasure receipt counts as removed from the cluster and the registry.
    data: erased,
  });
  return "deleted";
}

import type { IStatefulSet } from "kubernetes-models/apps/v1";
import type { IPod } from "kubernetes-models/v1";
import type { SpecService } from "../../../worker/contracts/index.ts";
import { statefulSetRolledOut } from "../../kube/rollout.ts";
import { type Observed, waitFor } from "../../kube/wait.ts";
import { DATABASE_NAME } from "../../manifests/database.ts";
import { tenantNamespace } from "../../manifests/labels.ts";
import { RELEASE_CONTAINER, RELEASE_LABEL, releaseJobManifest } from "../../manifests/release.ts";
import type { JobContext } from "../context.ts";
import { followJobPod } from "../job-pod-log.ts";
import { runStage } from "../stage.ts";
import { applyDatabase, applyEnvSecret, applyRegistryCredentials } from "./deploy.ts";

/** The Job controller stops the pod at its deadline; the wait allows it that long to report. */
const DEADLINE_GRACE_MS = 30_000;

interface ReleaseOutcome {
  exitCode: number;
  reason: string;
}

function outcomeOf(pod: IPod): ReleaseOutcome | undefined {
  const exit = pod.status?.containerStatuses?.find((s) => s.name === RELEASE_CONTAINER)?.state
    ?.terminated;
  if (exit) return { exitCode: exit.exitCode ?? 1, reason: exit.reason ?? "" };
  if (pod.status?.phase === "Failed") {
    return { exitCode: 1, reason: pod.status.reason ?? pod.status.message ?? "" };
  }
  return undefined;
}

/** A release command that reads or migrates the database needs it up before it starts. */
async function waitForDatabase(ctx: JobContext): Promise<void> {
  const namespace = tenantNamespace(ctx.spec);
  await waitFor(ctx.deps.kube, {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    namespace,
    name: DATABASE_NAME,
    timeoutMs: ctx.spec.config.timeouts.rolloutSeconds * 1000,
    signal: ctx.signal,
    describe: "the database, before the release command",
    check: (observed: Observed<IStatefulSet>) =>
      statefulSetRolledOut(observed.get(DATABASE_NAME)) ? true : undefined,
  });
}

/** Runs one service's release Job to its end, its log streamed as progress lines. */
async function runRelease(
  ctx: JobContext,
  service: SpecService,
  platformEnv: Record<string, string>,
  registryLogin: string | undefined,
): Promise<void> {
  const { spec, deps } = ctx;
  const image = ctx.images.get(service.name);
  if (!image) throw new Error(`no image for service ${service.name}`);
  // Only images named by the customer come from their registries; built ones from Enclave's.
  const pullSecret = service.source.type === "image" ? registryLogin : undefined;
  const input = { service, image, platformEnv, ...(pullSecret ? { pullSecret } : {}) };
  await applyEnvSecret(ctx, input);
  const manifest = releaseJobManifest(spec, input);
  const { name } = manifest.metadata;
  const namespace = tenantNamespace(spec);
  const job = await deps.kube.apply(manifest);
  ctx.log("release", `${service.name}: release Job ${namespace}/${name} on ${image}`);

  const timeoutSeconds = spec.config.timeouts.releaseSeconds;
  const { outcome, tail } = await followJobPod(ctx, {
    stage: "release",
    service: service.name,
    container: RELEASE_CONTAINER,
    namespace,
    labelSelector: `${RELEASE_LABEL}=${name}`,
    jobUid: job.metadata?.uid ?? "",
    timeoutMs: timeoutSeconds * 1000 + DEADLINE_GRACE_MS,
    describe: `the release command of ${service.name} (limit ${timeoutSeconds} s)`,
    outcomeOf,
  });
  if (outcome.exitCode !== 0) {
    const why = outcome.reason && outcome.reason !== "Error" ? ` (${outcome.reason})` : "";
    const lastLines = tail.length > 0 ? `\nlast log lines:\n${tail.join("\n")}` : "";
    throw new Error(
      `${service.name}: the release command failed with exit code ${outcome.exitCode}${why}; nothing was rolled out${lastLines}`,
    );
  }
}

/**
 * After build, before deploy: each service's release command, one after the other in the
 * order services are declared, on the image about to roll out. The first that fails ends the
 * deployment before any Deployment is changed, so the previous version keeps serving.
 */
export function release(ctx: JobContext): Promise<void> {
  const services = ctx.spec.services.filter((service) => service.releaseCommand);
  if (services.length === 0) return Promise.resolve();
  const names = services.map((service) => service.name).join(", ");
  return runStage(ctx, "release", `running the release command of ${names}`, async () => {
    const { platformEnv } = await applyDatabase(ctx);
    if (ctx.spec.database) await waitForDatabase(ctx);
    // A customer's private image must be pullable before its release command can run on it.
    const registryLogin = services.some((service) => service.source.type === "image")
      ? await applyRegistryCredentials(ctx)
      : undefined;
    for (const service of services) {
      await runRelease(ctx, service, platformEnv, registryLogin);
    }
    return { result: undefined, summary: `release command of ${names} succeeded` };
  });
}

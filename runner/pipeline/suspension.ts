import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { ICronJob } from "kubernetes-models/batch/v1";
import type { SpecSuspension } from "../../worker/contracts/index.ts";
import { KubeError } from "../kube/errors.ts";
import type { Named } from "../kube/objects.ts";
import { deploymentRolledOut } from "../kube/rollout.ts";
import { type Observed, waitFor } from "../kube/wait.ts";
import { LABEL, MANAGED_BY, tenantNamespace } from "../manifests/labels.ts";
import { tenantHosts } from "../manifests/routing.ts";
import {
  SUSPENDED_RESPONDER,
  suspendedPageConfigMap,
  suspendedResponderDeployment,
  suspendedResponderService,
} from "../manifests/suspended-responder.ts";
import {
  hostRoutes,
  platformHostRoutes,
  routedHostNames,
  routedToSuspendedPage,
} from "../manifests/suspended-routing.ts";
import type { JobContext } from "./context.ts";
import { applyCustomDomains, customDomainCertificates } from "./custom-domains.ts";
import { runStage } from "./stage.ts";
import { health } from "./stages/health.ts";

/**
 * Suspension owns only the fields it applies (replica counts, `suspend`, the annotation that
 * records what they were), under its own field manager: the runner's manifests stay whole,
 * and the next full deployment takes the replica count back.
 */
const SUSPENSION_MANAGER = "enclave-suspension";
/** On each scaled workload while suspended: its replica count (or a CronJob's `suspend`) before. */
export const SUSPENDED_FROM = "enclave.dev/suspended-from";

type Scalable = Named<IDeployment> | Named<IStatefulSet>;

async function tenantWorkloads(ctx: JobContext) {
  const namespace = tenantNamespace(ctx.spec);
  const selector = { labelSelector: `${LABEL.managedBy}=${MANAGED_BY}` };
  const [deployments, statefulSets, cronJobs] = await Promise.all([
    ctx.deps.kube.list<IDeployment>("apps/v1", "Deployment", namespace, selector),
    ctx.deps.kube.list<IStatefulSet>("apps/v1", "StatefulSet", namespace, selector),
    listCronJobs(ctx, namespace),
  ]);
  const scalable: Scalable[] = [
    ...deployments.filter((d) => d.metadata.name !== SUSPENDED_RESPONDER),
    ...statefulSets,
  ];
  return { scalable, cronJobs };
}

/** Every CronJob of the namespace: the tenant's own tooling may have made them. */
async function listCronJobs(ctx: JobContext, namespace: string): Promise<Named<ICronJob>[]> {
  try {
    return await ctx.deps.kube.list<ICronJob>("batch/v1", "CronJob", namespace);
  } catch (error) {
    // A cluster without the CronJob API has none to suspend.
    if (error instanceof KubeError && error.status === 404) return [];
    throw error;
  }
}

const recorded = (object: { metadata: { annotations?: Record<string, string> } }) =>
  object.metadata.annotations?.[SUSPENDED_FROM];

const partial = <T extends Scalable | Named<ICronJob>>(object: T, rest: object, from?: string) =>
  ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      ...(from === undefined ? {} : { annotations: { [SUSPENDED_FROM]: from } }),
    },
    ...rest,
  }) as T;

const describe = (object: { kind?: string; metadata: { name: string } }) =>
  `${object.kind}/${object.metadata.name}`;

/** Waits until none of the tenant's scaled workloads has a pod left (volumes stay). */
async function waitForScaledDown(ctx: JobContext, scalable: Scalable[]): Promise<void> {
  const namespace = tenantNamespace(ctx.spec);
  await Promise.all(
    scalable.map((object) =>
      waitFor(ctx.deps.kube, {
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace,
        name: object.metadata.name,
        timeoutMs: ctx.spec.config.timeouts.rolloutSeconds * 1000,
        signal: ctx.signal,
        describe: `${describe(object)} scaling to zero`,
        check: (observed: Observed<Scalable>) =>
          (observed.get(object.metadata.name)?.status?.replicas ?? 0) === 0 ? true : undefined,
      }),
    ),
  );
}

async function applyResponder(ctx: JobContext): Promise<void> {
  const { kube } = ctx.deps;
  const deployment = suspendedResponderDeployment(ctx.spec);
  await kube.apply(suspendedPageConfigMap(ctx.spec));
  await Promise.all([kube.apply(deployment), kube.apply(suspendedResponderService(ctx.spec))]);
  await waitFor(kube, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    namespace: deployment.metadata.namespace,
    name: SUSPENDED_RESPONDER,
    timeoutMs: ctx.spec.config.timeouts.rolloutSeconds * 1000,
    signal: ctx.signal,
    describe: "the suspended page's responder",
    check: (observed: Observed<IDeployment>) =>
      deploymentRolledOut(observed.get(SUSPENDED_RESPONDER)) ? true : undefined,
  });
}

async function removeResponder(ctx: JobContext): Promise<void> {
  const metadata = { name: SUSPENDED_RESPONDER, namespace: tenantNamespace(ctx.spec) };
  for (const [apiVersion, kind] of [
    ["apps/v1", "Deployment"],
    ["v1", "Service"],
    ["v1", "ConfigMap"],
  ] as const) {
    await ctx.deps.kube.remove({ apiVersion, kind, metadata });
  }
}

/**
 * The hosts first answer the suspended page, then every workload scales to zero with its
 * replica count recorded on it (a rerun keeps the first record), and CronJobs are suspended.
 */
async function suspend(ctx: JobContext): Promise<string> {
  const { spec, deps } = ctx;
  await runStage(ctx, "route", "routing the tenant's hosts to the suspended page", async () => {
    await applyResponder(ctx);
    await Promise.all(
      hostRoutes(spec).map((route) => deps.kube.apply(routedToSuspendedPage(spec, route))),
    );
    const hosts = routedHostNames(spec).join(", ") || "no public host";
    return { result: undefined, summary: `${hosts} answer 503 with the suspended page` };
  });
  await runStage(ctx, "deploy", "scaling the tenant to zero", async () => {
    const { scalable, cronJobs } = await tenantWorkloads(ctx);
    const manager = { fieldManager: SUSPENSION_MANAGER };
    await Promise.all([
      ...scalable.map((object) =>
        deps.kube.apply(
          partial(
            object,
            { spec: { replicas: 0 } },
            recorded(object) ?? String(object.spec?.replicas ?? 1),
          ),
          manager,
        ),
      ),
      ...cronJobs.map((cronJob) =>
        deps.kube.apply(
          partial(
            cronJob,
            { spec: { suspend: true } },
            recorded(cronJob) ?? String(cronJob.spec?.suspend ?? false),
          ),
          manager,
        ),
      ),
    ]);
    await waitForScaledDown(ctx, scalable);
    const scaled = [...scalable, ...cronJobs].map(describe);
    ctx.log("deploy", `scaled to zero: ${scaled.join(", ") || "nothing"}; volumes are kept`);
    return { result: undefined, summary: `${scaled.length} workload(s) scaled to zero` };
  });
  return `https://${tenantHosts(spec)[0]}`;
}

/**
 * Every workload goes back to the replica count recorded when it was suspended (the
 * annotation goes with it), CronJobs to their own `suspend`; once the services are healthy,
 * the hosts route to the tenant again and the responder is removed.
 */
async function resume(ctx: JobContext): Promise<string> {
  await runStage(ctx, "deploy", "scaling the tenant back", async () => {
    const restored = await scaleBack(ctx);
    ctx.log("deploy", `restored ${restored.join(", ") || "nothing"}`);
    return { result: undefined, summary: `${restored.length} workload(s) scaled back` };
  });
  await health(ctx);
  await runStage(ctx, "route", "routing the tenant's hosts to the tenant again", async () => {
    await routeBack(ctx);
    // Reported like the route stage's, so a domain verified while suspended becomes active.
    if (platformHostRoutes(ctx.spec).length > 0) {
      ctx.customDomains = await customDomainCertificates(ctx);
    }
    return { result: undefined, summary: `routed ${routedHostNames(ctx.spec).join(", ")}` };
  });
  return `https://${tenantHosts(ctx.spec)[0]}`;
}

/** Puts back every replica count and CronJob `suspend` recorded; returns what it restored. */
async function scaleBack(ctx: JobContext): Promise<string[]> {
  const { kube } = ctx.deps;
  const { scalable, cronJobs } = await tenantWorkloads(ctx);
  const manager = { fieldManager: SUSPENSION_MANAGER };
  const restored: string[] = [];
  await Promise.all([
    ...scalable.flatMap((object) => {
      const from = recorded(object);
      if (from === undefined) return [];
      restored.push(`${describe(object)}: ${from}`);
      return [kube.apply(partial(object, { spec: { replicas: Number(from) } }), manager)];
    }),
    ...cronJobs.flatMap((cronJob) => {
      const from = recorded(cronJob);
      if (from === undefined) return [];
      restored.push(`${describe(cronJob)}: suspend ${from}`);
      return [kube.apply(partial(cronJob, { spec: { suspend: from === "true" } }), manager)];
    }),
  ]);
  return restored;
}

/**
 * Every host routes to the tenant again. Custom domains converge as the route stage does:
 * one verified while the tenant was suspended gets its Certificate with its route.
 */
async function routeBack(ctx: JobContext): Promise<void> {
  const routes = platformHostRoutes(ctx.spec);
  await Promise.all([
    ...routes.map((route) => ctx.deps.kube.apply(route)),
    ...(routes.length > 0 ? [applyCustomDomains(ctx)] : []),
  ]);
  await removeResponder(ctx);
}

/** A suspend or resume; returns the tenant's URL, for the `deployment.ready` event. */
export async function runSuspension(ctx: JobContext, suspension: SpecSuspension): Promise<string> {
  return suspension === "suspend" ? suspend(ctx) : resume(ctx);
}

/**
 * A suspend that failed part way leaves the tenant serving as before: what it scaled goes
 * back and its hosts route to it again. A failed resume needs nothing: resuming again
 * continues from where it stopped.
 */
export async function undoSuspend(ctx: JobContext): Promise<void> {
  if (ctx.spec.deployment.suspension !== "suspend") return;
  const restored = await scaleBack(ctx);
  await routeBack(ctx);
  ctx.reporter.emit({
    stage: null,
    type: "stage.log",
    message: `the tenant keeps serving: ${restored.join(", ") || "nothing was scaled"}; its hosts route to it again`,
  });
}

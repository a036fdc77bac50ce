import { PassThrough } from "node:stream";
import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { IPod } from "kubernetes-models/v1";
import { request } from "undici";
import type { SpecService } from "../../../worker/contracts/index.ts";
import type { Kube } from "../../kube/client.ts";
import {
  deploymentRolledOut,
  type PodProblem,
  podProblem,
  statefulSetRolledOut,
} from "../../kube/rollout.ts";
import { type Observed, waitFor } from "../../kube/wait.ts";
import { DATABASE_NAME } from "../../manifests/database.ts";
import { LABEL, tenantNamespace } from "../../manifests/labels.ts";
import { isWebService } from "../../manifests/workload.ts";
import type { JobContext } from "../context.ts";
import { errorMessage, runStage } from "../stage.ts";

/** How much of a failing container's log goes into the failure message. */
const FAILURE_LOG_LINES = 20;

/** The last lines a container wrote before it died, for the failure message. */
async function lastLogLines(kube: Kube, namespace: string, problem: PodProblem): Promise<string> {
  if (!problem.container) return "";
  // A crash-looping container's useful log is the previous run's; a stuck one has only this one.
  for (const previous of [true, false]) {
    const text = await readLog(kube, namespace, problem, previous).catch(() => "");
    if (text) return text;
  }
  return "";
}

async function readLog(kube: Kube, namespace: string, problem: PodProblem, previous: boolean) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => out.on("end", resolve));
  await kube.streamLog(namespace, problem.pod, problem.container, out, {
    tailLines: FAILURE_LOG_LINES,
    previous,
  });
  await ended;
  return Buffer.concat(chunks).toString("utf8").trim();
}

/** Watches the tenant's pods and rejects as soon as one is stuck (crash loop, bad image, quota). */
async function watchForStuckPods(ctx: JobContext, signal: AbortSignal): Promise<never> {
  const namespace = tenantNamespace(ctx.spec);
  const problem = await waitFor<IPod, PodProblem>(ctx.deps.kube, {
    apiVersion: "v1",
    kind: "Pod",
    namespace,
    labelSelector: `${LABEL.component} in (app,database)`,
    timeoutMs: ctx.spec.config.timeouts.rolloutSeconds * 1000 + 1000,
    describe: "pod watch",
    signal,
    check: (pods) => {
      for (const pod of pods.values()) {
        const problem = podProblem(pod);
        if (problem) return problem;
      }
      return undefined;
    },
  });
  const logs = await lastLogLines(ctx.deps.kube, namespace, problem);
  const where = problem.container
    ? `pod ${problem.pod}, container ${problem.container}`
    : `pod ${problem.pod}`;
  throw new Error(
    `${where}: ${problem.reason}${problem.detail ? ` (${problem.detail})` : ""}${logs ? `\nlast log lines:\n${logs}` : ""}`,
  );
}

/** A cron service has no rollout to wait for: its pods start on its schedule. */
const runsDeployment = (service: SpecService) => service.kind !== "cron";

function waitForRollouts(
  ctx: JobContext,
  services: SpecService[],
  withDatabase: boolean,
  signal: AbortSignal,
): Promise<unknown> {
  const { spec, deps } = ctx;
  const namespace = tenantNamespace(spec);
  const timeoutMs = spec.config.timeouts.rolloutSeconds * 1000;
  const waits: Promise<unknown>[] = services.filter(runsDeployment).map((service) =>
    waitFor(deps.kube, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      namespace,
      name: service.name,
      timeoutMs,
      signal,
      describe: `the rollout of ${service.name}`,
      check: (observed: Observed<IDeployment>) =>
        deploymentRolledOut(observed.get(service.name)) ? true : undefined,
    }).then(() => ctx.log("health", `${service.name} rolled out`)),
  );
  if (spec.database && withDatabase) {
    waits.push(
      waitFor(deps.kube, {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        namespace,
        name: DATABASE_NAME,
        timeoutMs,
        signal,
        describe: "the database rollout",
        check: (observed: Observed<IStatefulSet>) =>
          statefulSetRolledOut(observed.get(DATABASE_NAME)) ? true : undefined,
      }).then(() => ctx.log("health", "database ready")),
    );
  }
  return Promise.all(waits);
}

async function checkHealth(
  ctx: JobContext,
  name: string,
  port: number,
  path: string,
): Promise<void> {
  const namespace = tenantNamespace(ctx.spec);
  const { kube } = ctx.deps;
  const timeout = ctx.spec.config.timeouts.healthCheckSeconds * 1000;
  if (!kube.inCluster) {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`GET ${path} took longer than ${timeout / 1000} s`)),
        timeout,
      );
    });
    try {
      await Promise.race([kube.proxyGet(namespace, name, port, path), expired]);
    } finally {
      clearTimeout(timer);
    }
    return;
  }
  const response = await request(`http://${name}.${namespace}.svc:${port}${path}`, {
    headersTimeout: timeout,
    bodyTimeout: timeout,
    signal: ctx.signal,
  });
  await response.body.dump();
  if (response.statusCode >= 300) throw new Error(`GET ${path} answered ${response.statusCode}`);
}

/**
 * Waits for the rollouts and checks each service's health path: every service and the
 * database after a full deployment, only the rolled services after an env change.
 */
export function health(ctx: JobContext, only?: { services: SpecService[] }): Promise<void> {
  const services = only?.services ?? ctx.spec.services;
  return runStage(ctx, "health", "waiting for the rollout", async () => {
    const stop = new AbortController();
    const signal = AbortSignal.any([ctx.signal, stop.signal]);
    const stuck = watchForStuckPods(ctx, signal);
    stuck.catch(() => {});
    try {
      await Promise.race([waitForRollouts(ctx, services, only === undefined, signal), stuck]);
    } finally {
      stop.abort();
    }
    for (const service of services.filter(isWebService)) {
      if (service.replicas === 0) continue;
      try {
        await checkHealth(ctx, service.name, service.port, service.healthPath);
      } catch (error) {
        throw new Error(`${service.name} is not healthy: ${errorMessage(error)}`, { cause: error });
      }
      ctx.log("health", `${service.name}: GET ${service.healthPath} ok`);
    }
    return { result: undefined, summary: "all services healthy" };
  });
}

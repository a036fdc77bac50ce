import type { IDeployment } from "kubernetes-models/apps/v1";
import type { ISecret } from "kubernetes-models/v1";
import type { Named } from "../kube/objects.ts";
import { deploymentRolledOut } from "../kube/rollout.ts";
import { type Observed, waitFor } from "../kube/wait.ts";
import { tenantNamespace } from "../manifests/labels.ts";
import { envSecretName } from "../manifests/workload.ts";
import type { JobContext } from "./context.ts";

/** A service's workload as it was before this deployment changed it; null: it had none. */
export interface PreviousWorkload {
  deployment: Named<IDeployment> | null;
  secret: Named<ISecret> | null;
}

/** Set by the Deployment controller; applying it would take it over from the controller. */
const CONTROLLER_ANNOTATIONS = ["deployment.kubernetes.io/revision"];

/**
 * Before the deploy stage changes a service of a tenant that was serving, its Deployment and
 * env Secret are read as they are: the last ready version, since a failed redeploy puts them
 * back. Read once per job, so a retried step cannot record its own change as the previous one.
 */
export async function rememberPreviousVersion(ctx: JobContext, service: string): Promise<void> {
  if (!ctx.spec.tenant.wasReady || ctx.previous.has(service)) return;
  const namespace = tenantNamespace(ctx.spec);
  const [deployment, secret] = await Promise.all([
    ctx.deps.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: service, namespace },
    }),
    ctx.deps.kube.read<ISecret>({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: envSecretName({ name: service }), namespace },
    }),
  ]);
  ctx.previous.set(service, { deployment, secret });
}

const restoredSecret = (secret: Named<ISecret>): Named<ISecret> => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: {
    name: secret.metadata.name,
    namespace: secret.metadata.namespace,
    labels: secret.metadata.labels ?? {},
  },
  type: secret.type ?? "Opaque",
  data: secret.data ?? {},
});

export const restoredDeployment = (deployment: Named<IDeployment>): Named<IDeployment> => {
  const annotations = { ...deployment.metadata.annotations };
  for (const key of CONTROLLER_ANNOTATIONS) delete annotations[key];
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: deployment.metadata.name,
      namespace: deployment.metadata.namespace,
      labels: deployment.metadata.labels ?? {},
      annotations,
    },
    ...(deployment.spec ? { spec: deployment.spec } : {}),
  };
};

/**
 * Puts back what `rememberPreviousVersion` recorded: each Deployment's previous spec (its pod
 * template, so the replaced ReplicaSet scales back) and env Secret, and removes a Deployment
 * this job created; then waits for the restored rollouts. Returns the services restored.
 */
export async function restorePreviousVersion(
  ctx: JobContext,
  options: { signal: AbortSignal },
): Promise<string[]> {
  const { kube } = ctx.deps;
  const namespace = tenantNamespace(ctx.spec);
  const restored: string[] = [];
  for (const [service, previous] of ctx.previous) {
    if (!previous.deployment) {
      await kube.remove({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: service, namespace },
      });
      continue;
    }
    if (previous.secret) await kube.apply(restoredSecret(previous.secret));
    await kube.apply(restoredDeployment(previous.deployment));
    restored.push(service);
  }
  const timeoutMs = ctx.spec.config.timeouts.rolloutSeconds * 1000;
  await Promise.all(
    restored.map((service) =>
      waitFor(kube, {
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace,
        name: service,
        timeoutMs,
        signal: options.signal,
        describe: `the rollback of ${service}`,
        check: (observed: Observed<IDeployment>) =>
          deploymentRolledOut(observed.get(service)) ? true : undefined,
      }),
    ),
  );
  return restored;
}

/** The image a recorded Deployment ran, for the rollback event. */
export const previousImages = (ctx: JobContext, services: string[]): Record<string, string> =>
  Object.fromEntries(
    services.map((service) => [
      service,
      ctx.previous.get(service)?.deployment?.spec?.template.spec?.containers[0]?.image ?? "",
    ]),
  );

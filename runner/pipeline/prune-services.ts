import type { DeploymentSpec, SpecService } from "../../worker/contracts/index.ts";
import { LABEL, MANAGED_BY, tenantNamespace } from "../manifests/labels.ts";
import { envSecretName, isWebService } from "../manifests/workload.ts";
import type { JobContext } from "./context.ts";

/** The objects a service of each kind runs as, by the kind that runs it. */
const WORKLOAD_KINDS = [
  ["apps/v1", "Deployment", (s: SpecService) => s.kind !== "cron"],
  ["batch/v1", "CronJob", (s: SpecService) => s.kind === "cron"],
  ["v1", "Service", isWebService],
] as const;

const appSelector = `${LABEL.managedBy}=${MANAGED_BY},${LABEL.component}=app`;

const wantedNames = (spec: DeploymentSpec, runs: (service: SpecService) => boolean) =>
  new Set(spec.services.filter((service) => runs(service)).map((service) => service.name));

/**
 * Removes the workload objects no service of the spec runs as any more: those of a removed
 * service (its env Secret too, by name: the runner never lists Secrets), and those a service
 * left behind when its kind changed (a web service turned worker keeps no Service). Returns
 * what it removed, as `Kind/name`.
 */
export async function removeStaleWorkloads(ctx: JobContext): Promise<string[]> {
  const { spec } = ctx;
  const { kube } = ctx.deps;
  const namespace = tenantNamespace(spec);
  const current = new Set(spec.services.map((service) => service.name));
  const removed: string[] = [];
  const gone = new Set<string>();
  for (const [apiVersion, kind, runs] of WORKLOAD_KINDS) {
    const wanted = wantedNames(spec, runs);
    const items = await kube.list(apiVersion, kind, namespace, { labelSelector: appSelector });
    for (const { metadata } of items.filter((object) => !wanted.has(object.metadata.name))) {
      await kube.remove({ apiVersion, kind, metadata: { name: metadata.name, namespace } });
      removed.push(`${kind}/${metadata.name}`);
      if (!current.has(metadata.name)) gone.add(metadata.name);
    }
  }
  for (const name of gone) {
    const secret = envSecretName({ name });
    if (
      await kube.remove({ apiVersion: "v1", kind: "Secret", metadata: { name: secret, namespace } })
    )
      removed.push(`Secret/${secret}`);
  }
  return removed;
}

import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Kube } from "../kube/client.ts";
import { waitFor } from "../kube/wait.ts";
import { LABEL, tenantNamespace } from "../manifests/labels.ts";

/** What a build leaves in the build namespace: its Job, and the Dockerfile ConfigMap it mounts. */
export const BUILD_KINDS = [
  ["batch/v1", "Job"],
  ["v1", "ConfigMap"],
] as const;

interface CleanupOptions {
  timeoutMs: number;
  signal: AbortSignal;
}

/** Deletes the tenant namespace (and with it everything inside) and waits until it is gone. */
export async function removeTenantNamespace(
  kube: Kube,
  spec: DeploymentSpec,
  options: CleanupOptions,
): Promise<void> {
  const name = tenantNamespace(spec);
  await kube.remove({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  await waitFor(kube, {
    apiVersion: "v1",
    kind: "Namespace",
    name,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    describe: `the removal of namespace ${name}`,
    check: (observed) => (observed.has(name) ? undefined : true),
  });
}

/**
 * Deletes build Jobs and Dockerfile ConfigMaps matching the selector in the build namespace
 * and waits until they are gone; returns how many objects were removed.
 */
export async function removeBuilds(
  kube: Kube,
  spec: DeploymentSpec,
  selector: string,
  options: CleanupOptions,
): Promise<number> {
  const namespace = spec.config.cluster.buildNamespace;
  let removed = 0;
  for (const [apiVersion, kind] of BUILD_KINDS) {
    const items = await kube.list(apiVersion, kind, namespace, { labelSelector: selector });
    if (items.length === 0) continue;
    await Promise.all(
      items.map((item) =>
        kube.remove({ apiVersion, kind, metadata: { name: item.metadata.name, namespace } }),
      ),
    );
    removed += items.length;
    await waitFor(kube, {
      apiVersion,
      kind,
      namespace,
      labelSelector: selector,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      describe: `the removal of ${kind}s in ${namespace}`,
      check: (observed) => (observed.size === 0 ? true : undefined),
    });
  }
  return removed;
}

export const tenantBuildSelector = (spec: DeploymentSpec) =>
  `${LABEL.managedBy}=enclave,${LABEL.tenant}=${spec.tenant.id}`;

export const deploymentBuildSelector = (spec: DeploymentSpec) =>
  `${tenantBuildSelector(spec)},${LABEL.deployment}=${spec.deployment.id}`;

import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Kube } from "../kube/client.ts";
import { tenantNamespace } from "../manifests/labels.ts";

/**
 * What deleting the tenant's namespace removes with it, counted first for the erasure receipt:
 * the namespace, its volumes (claims) and certificates. Its Secrets go with it uncounted: the
 * runner may never list Secrets (a list returns their values).
 */
export async function namespaceInventory(kube: Kube, spec: DeploymentSpec) {
  const namespace = tenantNamespace(spec);
  const found = await kube.list("v1", "Namespace", undefined, {
    fieldSelector: `metadata.name=${namespace}`,
  });
  if (found.length === 0) return { namespace: 0, volumes: 0, certificates: 0 };
  const count = (apiVersion: string, kind: string) =>
    kube.list(apiVersion, kind, namespace).then((items) => items.length);
  const [volumes, certificates] = await Promise.all([
    count("v1", "PersistentVolumeClaim"),
    count("cert-manager.io/v1", "Certificate"),
  ]);
  return { namespace: 1, volumes, certificates };
}

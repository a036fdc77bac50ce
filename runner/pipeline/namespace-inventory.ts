import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Kube } from "../kube/client.ts";
import { tenantNamespace } from "../manifests/labels.ts";

/**
 * What deleting the tenant's namespace removes with it, counted first for the erasure receipt:
 * the namespace, its volumes (claims), certificates and secrets (env, database credentials).
 */
export async function namespaceInventory(kube: Kube, spec: DeploymentSpec) {
  const namespace = tenantNamespace(spec);
  const exists = await kube.read({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: namespace },
  });
  if (!exists) return { namespace: 0, volumes: 0, certificates: 0, secrets: 0 };
  const count = (apiVersion: string, kind: string) =>
    kube.list(apiVersion, kind, namespace).then((items) => items.length);
  const [volumes, certificates, secrets] = await Promise.all([
    count("v1", "PersistentVolumeClaim"),
    count("cert-manager.io/v1", "Certificate"),
    count("v1", "Secret"),
  ]);
  return { namespace: 1, volumes, certificates, secrets };
}

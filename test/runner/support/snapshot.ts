import { tenantNamespace } from "../../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../../worker/contracts/index.ts";
import type { Harness } from "./harness.ts";

const TENANT_KINDS: [string, string][] = [
  ["v1", "ServiceAccount"],
  ["rbac.authorization.k8s.io/v1", "Role"],
  ["rbac.authorization.k8s.io/v1", "RoleBinding"],
  ["v1", "ResourceQuota"],
  ["v1", "LimitRange"],
  ["networking.k8s.io/v1", "NetworkPolicy"],
  ["v1", "Secret"],
  ["v1", "Service"],
  ["apps/v1", "Deployment"],
  ["apps/v1", "StatefulSet"],
  ["v1", "PersistentVolumeClaim"],
  ["traefik.io/v1alpha1", "IngressRoute"],
  ["cert-manager.io/v1", "Certificate"],
];

/**
 * What a tenant consists of, by kind and name, plus the build objects of its deployment:
 * two runs that converge have equal snapshots.
 */
export async function snapshot(harness: Harness, spec: DeploymentSpec): Promise<string[]> {
  const namespace = tenantNamespace(spec);
  const names: string[] = [];
  for (const [apiVersion, kind] of TENANT_KINDS) {
    const list = await harness.kube.list(apiVersion, kind, namespace, {
      labelSelector: "app.kubernetes.io/managed-by=enclave",
    });
    for (const item of list) names.push(`${kind}/${item.metadata.name}`);
  }
  for (const [apiVersion, kind] of [
    ["batch/v1", "Job"],
    ["v1", "ConfigMap"],
  ] as const) {
    const list = await harness.kube.list(apiVersion, kind, spec.config.cluster.buildNamespace, {
      labelSelector: `enclave.dev/deployment=${spec.deployment.id}`,
    });
    for (const item of list) names.push(`build ${kind}/${item.metadata.name}`);
  }
  return names.sort();
}

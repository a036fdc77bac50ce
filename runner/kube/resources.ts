import type { V1APIResource } from "@kubernetes/client-node";

/**
 * The kinds the pipeline reads and writes, with their REST names. Knowing them up front saves
 * one discovery request per API group and job; an unknown kind still falls back to discovery.
 */
const KNOWN: [apiVersion: string, kind: string, plural: string, namespaced: boolean][] = [
  ["v1", "Namespace", "namespaces", false],
  ["v1", "ServiceAccount", "serviceaccounts", true],
  ["v1", "ResourceQuota", "resourcequotas", true],
  ["v1", "LimitRange", "limitranges", true],
  ["v1", "Secret", "secrets", true],
  ["v1", "ConfigMap", "configmaps", true],
  ["v1", "Service", "services", true],
  ["v1", "Pod", "pods", true],
  ["v1", "PersistentVolumeClaim", "persistentvolumeclaims", true],
  ["rbac.authorization.k8s.io/v1", "Role", "roles", true],
  ["rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true],
  ["networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true],
  ["apps/v1", "Deployment", "deployments", true],
  ["apps/v1", "StatefulSet", "statefulsets", true],
  ["batch/v1", "Job", "jobs", true],
  ["batch/v1", "CronJob", "cronjobs", true],
  ["traefik.io/v1alpha1", "IngressRoute", "ingressroutes", true],
  ["cert-manager.io/v1", "Certificate", "certificates", true],
];

const table = new Map<string, V1APIResource>(
  KNOWN.map(([apiVersion, kind, name, namespaced]) => [
    `${apiVersion}/${kind}`,
    { name, kind, namespaced, singularName: kind.toLowerCase(), verbs: [] },
  ]),
);

export function knownResource(apiVersion: string, kind: string): V1APIResource | undefined {
  return table.get(`${apiVersion}/${kind}`);
}

/** The collection path of a kind, e.g. `/apis/apps/v1/namespaces/ns/deployments`. */
export function collectionPath(apiVersion: string, kind: string, namespace?: string): string {
  const resource = knownResource(apiVersion, kind);
  if (!resource) throw new Error(`unknown kind ${apiVersion} ${kind}`);
  const root = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const scope = resource.namespaced && namespace ? `/namespaces/${namespace}` : "";
  return `${root}${scope}/${resource.name}`;
}

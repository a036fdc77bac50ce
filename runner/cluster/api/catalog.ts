/**
 * The resource types the embedded cluster serves, with the facts discovery, routing,
 * RBAC and the printers need. One row per resource, as `kubectl api-resources` lists them.
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources: string[];
  /** Whether an update to `spec` (anything but metadata/status) bumps metadata.generation. */
  tracksGeneration: boolean;
  /** Review-style resources are answered, not stored (SelfSubjectAccessReview). */
  createOnly?: boolean;
  /** Module path and export of the upstream schema validator, from @kubernetes-models. */
  model?: { module: string; exportName: string };
}

const grouped = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  group,
  version,
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  subresources: [],
  tracksGeneration: false,
  // The core group has no name, so its models sit directly under the version.
  model: {
    module: `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`,
    exportName: kind,
  },
  ...extra,
});

const core = (
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType => grouped("", "v1", kind, plural, namespaced, extra);

const workload = { subresources: ["status", "scale"], tracksGeneration: true, categories: ["all"] };

export const resourceTypes: readonly ResourceType[] = [
  core("Namespace", "namespaces", false, {
    shortNames: ["ns"],
    subresources: ["status", "finalize"],
  }),
  core("Secret", "secrets", true),
  core("ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  core("Service", "services", true, {
    shortNames: ["svc"],
    subresources: ["status", "proxy"],
    categories: ["all"],
  }),
  core("ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"], subresources: ["token"] }),
  core("ResourceQuota", "resourcequotas", true, {
    shortNames: ["quota"],
    subresources: ["status"],
  }),
  core("LimitRange", "limitranges", true, { shortNames: ["limits"] }),
  core("PersistentVolumeClaim", "persistentvolumeclaims", true, {
    shortNames: ["pvc"],
    subresources: ["status"],
  }),
  core("Pod", "pods", true, {
    shortNames: ["po"],
    subresources: ["status", "log", "proxy"],
    categories: ["all"],
  }),
  core("Event", "events", true, { shortNames: ["ev"] }),
  grouped("apps", "v1", "Deployment", "deployments", true, { shortNames: ["deploy"], ...workload }),
  grouped("apps", "v1", "StatefulSet", "statefulsets", true, { shortNames: ["sts"], ...workload }),
  grouped("apps", "v1", "ReplicaSet", "replicasets", true, { shortNames: ["rs"], ...workload }),
  grouped("batch", "v1", "Job", "jobs", true, {
    subresources: ["status"],
    tracksGeneration: true,
    categories: ["all"],
  }),
  grouped("batch", "v1", "CronJob", "cronjobs", true, {
    shortNames: ["cj"],
    subresources: ["status"],
    tracksGeneration: true,
    categories: ["all"],
  }),
  grouped("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, {
    shortNames: ["netpol"],
    tracksGeneration: true,
  }),
  grouped("networking.k8s.io", "v1", "Ingress", "ingresses", true, {
    shortNames: ["ing"],
    subresources: ["status"],
    tracksGeneration: true,
  }),
  grouped("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false),
  grouped("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  grouped("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  grouped("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  grouped("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  grouped(
    "authorization.k8s.io",
    "v1",
    "SelfSubjectAccessReview",
    "selfsubjectaccessreviews",
    false,
    {
      createOnly: true,
    },
  ),
  grouped("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", false, {
    createOnly: true,
  }),
  grouped("traefik.io", "v1alpha1", "IngressRoute", "ingressroutes", true, {
    tracksGeneration: true,
    model: {
      module: "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute",
      exportName: "IngressRoute",
    },
  }),
  grouped("traefik.io", "v1alpha1", "Middleware", "middlewares", true, {
    tracksGeneration: true,
    model: {
      module: "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware",
      exportName: "Middleware",
    },
  }),
  ...["Certificate", "Issuer", "ClusterIssuer"].map((kind) =>
    grouped("cert-manager.io", "v1", kind, `${kind.toLowerCase()}s`, kind !== "ClusterIssuer", {
      shortNames: { Certificate: ["cert", "certs"], Issuer: [], ClusterIssuer: [] }[kind] ?? [],
      subresources: ["status"],
      tracksGeneration: true,
      categories: ["cert-manager"],
      model: {
        module: `@kubernetes-models/cert-manager/cert-manager.io/v1/${kind}`,
        exportName: kind,
      },
    }),
  ),
];

/** Custom resources: served like CRDs (no protobuf, no strategic merge patch). */
export function isCustomResource(type: ResourceType): boolean {
  return type.group.includes(".") && !type.group.endsWith(".k8s.io");
}

export function groupVersion(type: Pick<ResourceType, "group" | "version">): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

export function findByPlural(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return resourceTypes.find(
    (t) => t.group === group && t.version === version && t.plural === plural,
  );
}

export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return resourceTypes.find((t) => groupVersion(t) === apiVersion && t.kind === kind);
}

export function mustFindByKind(apiVersion: string, kind: string): ResourceType {
  const type = findByKind(apiVersion, kind);
  if (!type) throw new Error(`embedded cluster does not serve ${apiVersion} ${kind}`);
  return type;
}

/** The "Deployment.apps" form Kubernetes uses in error messages. */
export function qualifiedKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

/** The "deployments.apps" form used in NotFound/Forbidden messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

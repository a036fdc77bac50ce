import type { KubeObject } from "../api/types.ts";

/** The default ClusterRoles every cluster has, so manifests can bind to admin/edit/view. */
const read = ["get", "list", "watch"];
const write = ["create", "delete", "deletecollection", "patch", "update"];
const namespacedResources = [
  {
    apiGroups: [""],
    resources: [
      "pods",
      "pods/log",
      "services",
      "configmaps",
      "secrets",
      "serviceaccounts",
      "persistentvolumeclaims",
      "events",
      "endpoints",
    ],
  },
  {
    apiGroups: ["apps"],
    resources: [
      "deployments",
      "statefulsets",
      "replicasets",
      "deployments/scale",
      "statefulsets/scale",
    ],
  },
  { apiGroups: ["batch"], resources: ["jobs", "cronjobs"] },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"] },
];

const clusterRole = (name: string, rules: object[]): KubeObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
  rules,
});

export const bootstrapClusterRoles: KubeObject[] = [
  clusterRole("cluster-admin", [
    { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
    { nonResourceURLs: ["*"], verbs: ["*"] },
  ]),
  clusterRole("admin", [
    ...namespacedResources.map((r) => ({ ...r, verbs: [...read, ...write] })),
    {
      apiGroups: ["rbac.authorization.k8s.io"],
      resources: ["roles", "rolebindings"],
      verbs: [...read, ...write],
    },
    { apiGroups: [""], resources: ["resourcequotas", "limitranges"], verbs: read },
  ]),
  clusterRole("edit", [
    ...namespacedResources.map((r) => ({ ...r, verbs: [...read, ...write] })),
    { apiGroups: [""], resources: ["resourcequotas", "limitranges"], verbs: read },
  ]),
  clusterRole("view", [
    ...namespacedResources.map((r) => ({
      ...r,
      resources: r.resources.filter((x) => x !== "secrets"),
      verbs: read,
    })),
    { apiGroups: [""], resources: ["resourcequotas", "limitranges"], verbs: read },
  ]),
];

import type { IRole, IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import type { IServiceAccount } from "kubernetes-models/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { TENANT_SERVICE_ACCOUNT, tenantLabels, tenantNamespace } from "./labels.ts";

const READ = ["get", "list", "watch"];

/**
 * What the tenant's own identity may do: read its workloads and their logs, nothing else.
 * No secrets (env and database credentials live there), no writes, no escalate/bind/impersonate.
 */
export const TENANT_RULES = [
  {
    apiGroups: [""],
    resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "events"],
    verbs: READ,
  },
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "replicasets"], verbs: READ },
];

export function serviceAccountManifest(spec: DeploymentSpec): Named<IServiceAccount> {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: TENANT_SERVICE_ACCOUNT,
      namespace: tenantNamespace(spec),
      labels: tenantLabels(spec),
    },
    automountServiceAccountToken: false,
  };
}

export function roleManifest(spec: DeploymentSpec): Named<IRole> {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: {
      name: TENANT_SERVICE_ACCOUNT,
      namespace: tenantNamespace(spec),
      labels: tenantLabels(spec),
    },
    rules: TENANT_RULES,
  };
}

export function roleBindingManifest(spec: DeploymentSpec): Named<IRoleBinding> {
  const namespace = tenantNamespace(spec);
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: TENANT_SERVICE_ACCOUNT, namespace, labels: tenantLabels(spec) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: TENANT_SERVICE_ACCOUNT },
    subjects: [{ kind: "ServiceAccount", name: TENANT_SERVICE_ACCOUNT, namespace }],
  };
}

import type {
  IClusterRole,
  IClusterRoleBinding,
} from "kubernetes-models/rbac.authorization.k8s.io/v1";
import type { IServiceAccount } from "kubernetes-models/v1";
import type { PlatformConfig } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { DATABASE_SECRET } from "./database.ts";
import { LABEL, MANAGED_BY } from "./labels.ts";
import { TENANT_RULES } from "./rbac.ts";

export const RUNNER_NAME = "enclave-runner";

/** Server-side apply is a PATCH, and a PATCH that creates the object is also authorized as create. */
const APPLY = ["create", "patch"];

/**
 * What the pipeline calls, resource by resource (runner/pipeline through runner/kube): every
 * write is an apply; deletes, lists and watches only where a stage or a cleanup makes them.
 *
 * Tenant namespaces are created at run time, so the grant is cluster-wide: RBAC cannot scope
 * by namespace name. Secrets are therefore written in any namespace (env and database
 * credentials are applied), but read only under the one name the pipeline reads back (the
 * database password, kept across reruns), and never listed or watched.
 *
 * The runner creates each tenant's Role and RoleBinding. Kubernetes lets a user grant only
 * permissions it holds, unless it has `escalate` (any Role at all) or `bind` (a named role).
 * Holding them is the narrower choice: TENANT_RULES are read-only, the runner needs most of
 * them anyway, and `escalate` would let a compromised runner mint any permission.
 *
 * Not here: `services/proxy` (inside the cluster the health check reaches Services directly,
 * and the proxy would reach any Service past its NetworkPolicies), pods (Jobs and workload
 * controllers create them), PVCs (the StatefulSet controller does), `jobs/finalizers` (the
 * Dockerfile ConfigMap's owner reference does not block the Job's deletion).
 */
export const RUNNER_RULES = [
  { apiGroups: [""], resources: ["namespaces"], verbs: [...APPLY, "delete", "list", "watch"] },
  {
    apiGroups: [""],
    resources: ["serviceaccounts", "resourcequotas", "limitranges", "configmaps"],
    verbs: APPLY,
  },
  // A removed service's Service and env Secret go with it, as do a removed registry login's
  // pull Secret and a finished password change's Secret.
  { apiGroups: [""], resources: ["secrets", "services"], verbs: [...APPLY, "delete"] },
  { apiGroups: [""], resources: ["secrets"], resourceNames: [DATABASE_SECRET], verbs: ["get"] },
  // The erasure receipt counts a deleted tenant's volumes (claims hold no secrets).
  { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["list"] },
  // A failed build is replaced, and builds are removed on failure and deprovision.
  { apiGroups: [""], resources: ["configmaps"], verbs: ["delete"] },
  { apiGroups: ["batch"], resources: ["jobs"], verbs: [...APPLY, "delete", "list", "watch"] },
  { apiGroups: ["apps"], resources: ["deployments"], verbs: [...APPLY, "delete"] },
  { apiGroups: ["apps"], resources: ["statefulsets"], verbs: APPLY },
  // Cron services run as CronJobs, removed with their service or when its kind changes;
  // suspension suspends a tenant's CronJobs and resumes them (resuming also removes the
  // suspended page's responder: its Deployment, Service and ConfigMap).
  { apiGroups: ["batch"], resources: ["cronjobs"], verbs: [...APPLY, "delete", "list"] },
  // Network rules: a removed rule's policy is found by its label and deleted.
  {
    apiGroups: ["networking.k8s.io"],
    resources: ["networkpolicies"],
    verbs: [...APPLY, "list", "delete"],
  },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: APPLY },
  // A service that is no longer public loses its host's IngressRoute and Certificate.
  { apiGroups: ["traefik.io"], resources: ["ingressroutes"], verbs: [...APPLY, "delete", "list"] },
  // The route stage waits for the tenant's Certificate to be issued.
  {
    apiGroups: ["cert-manager.io"],
    resources: ["certificates"],
    verbs: [...APPLY, "delete", "list", "watch"],
  },
  // Also what the pipeline's waits and log streams need: pods, pods/log, Deployments, StatefulSets.
  ...TENANT_RULES,
];

/** On every object of the installation; also the runner pods' selector. */
export const RUNNER_LABELS = {
  [LABEL.name]: RUNNER_NAME,
  [LABEL.component]: "runner",
  [LABEL.managedBy]: MANAGED_BY,
};

/** Name, namespace and labels of the runner's namespaced objects: one of each kind. */
export const runnerMetadata = (cluster: PlatformConfig["cluster"]) => ({
  name: RUNNER_NAME,
  namespace: cluster.runnerNamespace,
  labels: RUNNER_LABELS,
});

export function runnerServiceAccountManifest(
  cluster: PlatformConfig["cluster"],
): Named<IServiceAccount> {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: runnerMetadata(cluster),
    // Only the runner's own pods mount its token (their spec asks for it).
    automountServiceAccountToken: false,
  };
}

export function runnerClusterRoleManifest(): Named<IClusterRole> {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: RUNNER_NAME, labels: RUNNER_LABELS },
    rules: RUNNER_RULES,
  };
}

export function runnerClusterRoleBindingManifest(
  cluster: PlatformConfig["cluster"],
): Named<IClusterRoleBinding> {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: RUNNER_NAME, labels: RUNNER_LABELS },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: RUNNER_NAME },
    subjects: [{ kind: "ServiceAccount", name: RUNNER_NAME, namespace: cluster.runnerNamespace }],
  };
}

import { mustFindByKind } from "../api/catalog.ts";
import { asArray, field, type KubeObject } from "../api/types.ts";
import { isSuperuser, type UserInfo } from "../api/user.ts";
import type { AuthorizationAttributes } from "../context.ts";
import type { ObjectStore } from "../store/store.ts";

const roles = mustFindByKind("rbac.authorization.k8s.io/v1", "Role");
const clusterRoles = mustFindByKind("rbac.authorization.k8s.io/v1", "ClusterRole");
const roleBindings = mustFindByKind("rbac.authorization.k8s.io/v1", "RoleBinding");
const clusterRoleBindings = mustFindByKind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");

/** What every authenticated user may do on any cluster (system:discovery, system:basic-user). */
const PUBLIC_PATHS = ["/api", "/apis", "/version", "/openapi", "/healthz", "/livez", "/readyz"];
const SELF_REVIEWS = new Set([
  "selfsubjectaccessreviews",
  "selfsubjectrulesreviews",
  "selfsubjectreviews",
]);

export interface Rule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const strings = (value: unknown) =>
  asArray(value).filter((v): v is string => typeof v === "string");

function subjectMatches(
  subject: unknown,
  user: UserInfo,
  bindingNamespace: string | undefined,
): boolean {
  const kind = field(subject, "kind");
  const name = field(subject, "name");
  if (kind === "User") return name === user.username;
  if (kind === "Group") return typeof name === "string" && user.groups.includes(name);
  if (kind === "ServiceAccount") {
    const namespace = field(subject, "namespace") ?? bindingNamespace;
    return user.username === `system:serviceaccount:${namespace}:${name}`;
  }
  return false;
}

function ruleAllows(rule: Rule, attributes: AuthorizationAttributes): boolean {
  const verbs = rule.verbs ?? [];
  if (!verbs.includes("*") && !verbs.includes(attributes.verb)) return false;
  if (attributes.path !== undefined) {
    return (rule.nonResourceURLs ?? []).some((url) =>
      url.endsWith("*") ? attributes.path?.startsWith(url.slice(0, -1)) : url === attributes.path,
    );
  }
  const groups = rule.apiGroups ?? [];
  if (!groups.includes("*") && !groups.includes(attributes.group)) return false;
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const resources = rule.resources ?? [];
  const resourceMatch =
    resources.includes("*") ||
    resources.includes(resource) ||
    (attributes.subresource !== undefined && resources.includes(`*/${attributes.subresource}`));
  if (!resourceMatch) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (attributes.name !== undefined && names.includes(attributes.name));
}

export function rulesOf(role: KubeObject | undefined): Rule[] {
  return asArray(role?.rules).map((rule) => ({
    verbs: strings(field(rule, "verbs")),
    apiGroups: strings(field(rule, "apiGroups")),
    resources: strings(field(rule, "resources")),
    resourceNames: strings(field(rule, "resourceNames")),
    nonResourceURLs: strings(field(rule, "nonResourceURLs")),
  }));
}

export function roleFor(store: ObjectStore, binding: KubeObject): KubeObject | undefined {
  const kind = field(binding, "roleRef", "kind");
  const name = String(field(binding, "roleRef", "name") ?? "");
  if (kind === "ClusterRole") return store.get(clusterRoles, undefined, name);
  return store.get(roles, binding.metadata.namespace, name);
}

/**
 * RBAC as kube-apiserver evaluates it: a request is allowed when any rule of any role
 * bound to the user (cluster-wide by ClusterRoleBindings, in the request's namespace by
 * RoleBindings) allows it. Nothing is ever denied explicitly.
 */
export function authorize(
  store: ObjectStore,
  user: UserInfo,
  attributes: AuthorizationAttributes,
): boolean {
  if (isSuperuser(user)) return true;
  if (
    attributes.path !== undefined &&
    PUBLIC_PATHS.some((p) => attributes.path === p || attributes.path?.startsWith(`${p}/`))
  ) {
    return attributes.verb === "get";
  }
  if (attributes.group === "authorization.k8s.io" && SELF_REVIEWS.has(attributes.resource))
    return true;
  const allows = (binding: KubeObject) =>
    asArray(binding.subjects).some((s) => subjectMatches(s, user, binding.metadata.namespace)) &&
    rulesOf(roleFor(store, binding)).some((rule) => ruleAllows(rule, attributes));
  if (store.list(clusterRoleBindings).some(allows)) return true;
  if (!attributes.namespace) return false;
  return store.list(roleBindings, attributes.namespace).some(allows);
}

/** The `kubectl auth can-i`-style reason kube-apiserver gives in a 403. */
export function forbiddenMessage(user: UserInfo, attributes: AuthorizationAttributes): string {
  if (attributes.path !== undefined) {
    return `forbidden: User "${user.username}" cannot ${attributes.verb} path "${attributes.path}"`;
  }
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const scope = attributes.namespace
    ? `in the namespace "${attributes.namespace}"`
    : "at the cluster scope";
  return `User "${user.username}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.group}" ${scope}`;
}

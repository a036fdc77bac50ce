import type { AdmissionPlugin } from "../admission/types.ts";
import { mustFindByKind } from "../api/catalog.ts";
import { forbidden, notFound } from "../api/errors.ts";
import { field, type KubeObject } from "../api/types.ts";
import { isSuperuser, type UserInfo } from "../api/user.ts";
import type { ObjectStore } from "../store/store.ts";
import { authorize, type Rule, roleFor, rulesOf } from "./authorizer.ts";

const GROUP = "rbac.authorization.k8s.io";
const ROLE_KINDS = new Set(["Role", "ClusterRole"]);
const BINDING_KINDS = new Set(["RoleBinding", "ClusterRoleBinding"]);

/** The requests a rule grants, one per verb, group, resource and name; wildcards stay literal. */
function* grantsOf(rule: Rule, namespace: string | undefined) {
  for (const verb of rule.verbs ?? []) {
    for (const path of rule.nonResourceURLs ?? []) yield { verb, group: "", resource: "", path };
    for (const group of rule.apiGroups ?? []) {
      for (const qualified of rule.resources ?? []) {
        const [resource = "", subresource] = qualified.split("/");
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const name of names) yield { verb, group, resource, subresource, namespace, name };
      }
    }
  }
}

/** Rules the user does not hold itself, where the role would apply (its namespace, or everywhere). */
function notHeld(store: ObjectStore, user: UserInfo, rules: Rule[], namespace: string | undefined) {
  return rules.filter((rule) =>
    [...grantsOf(rule, namespace)].some((grant) => !authorize(store, user, grant)),
  );
}

function refuse(
  user: UserInfo,
  object: KubeObject,
  type: Parameters<typeof forbidden>[0],
  missing: Rule[],
) {
  const listed = missing.map((rule) => JSON.stringify(rule)).join("\n");
  return forbidden(
    type,
    object.metadata.name ?? "",
    `user "${user.username}" (groups=${JSON.stringify(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${listed}`,
  );
}

/**
 * RBAC's escalation prevention, as kube-apiserver's RBAC storage applies it: a Role can only
 * grant what its author holds where it applies (unless the author may `escalate`), and a
 * binding only bind a role whose permissions its author holds (unless it may `bind` that
 * role, by name). A binding to a role that does not exist yet is refused with 404, since there
 * is nothing to compare.
 */
export const rbacEscalation: AdmissionPlugin = {
  name: "RBACEscalation",
  validate({ type, object, user, store }) {
    if (type.group !== GROUP || isSuperuser(user)) return;
    const namespace = type.namespaced ? object.metadata.namespace : undefined;
    if (ROLE_KINDS.has(type.kind)) {
      const attributes = { verb: "escalate", group: GROUP, resource: type.plural, namespace };
      if (authorize(store, user, { ...attributes, name: object.metadata.name })) return;
      const missing = notHeld(store, user, rulesOf(object), namespace);
      if (missing.length > 0) throw refuse(user, object, type, missing);
      return;
    }
    if (!BINDING_KINDS.has(type.kind)) return;
    const refKind = field(object, "roleRef", "kind");
    const refName = String(field(object, "roleRef", "name") ?? "");
    const resource = refKind === "ClusterRole" ? "clusterroles" : "roles";
    if (authorize(store, user, { verb: "bind", group: GROUP, resource, namespace, name: refName }))
      return;
    const role = roleFor(store, object);
    if (!role) throw notFound(mustFindByKind(`${GROUP}/v1`, String(refKind)), refName);
    const missing = notHeld(store, user, rulesOf(role), namespace);
    if (missing.length > 0) throw refuse(user, object, type, missing);
  },
};

import { mustFindByKind, type ResourceType, resourceTypes } from "../api/catalog.ts";
import { forbidden } from "../api/errors.ts";
import { formatQuantity, parseQuantity } from "../api/quantity.ts";
import { asArray, asObject, field, type KubeObject } from "../api/types.ts";
import type { ObjectStore } from "../store/store.ts";
import type { AdmissionPlugin } from "./types.ts";

const quotas = mustFindByKind("v1", "ResourceQuota");
const COMPUTE = [
  "requests.cpu",
  "requests.memory",
  "limits.cpu",
  "limits.memory",
  "cpu",
  "memory",
  "requests.ephemeral-storage",
  "limits.ephemeral-storage",
];
const LEGACY_COUNTS: Record<string, string> = {
  pods: "pods",
  services: "services",
  secrets: "secrets",
  configmaps: "configmaps",
  persistentvolumeclaims: "persistentvolumeclaims",
  resourcequotas: "resourcequotas",
};

const countName = (type: ResourceType) =>
  `count/${type.group ? `${type.plural}.${type.group}` : type.plural}`;
const isTerminal = (pod: KubeObject) =>
  ["Succeeded", "Failed"].includes(String(field(pod, "status", "phase")));

/** What one object charges against each quota resource name. */
function chargesOf(type: ResourceType, object: KubeObject): Map<string, number> {
  const charges = new Map<string, number>([[countName(type), 1]]);
  const legacy = type.group === "" ? LEGACY_COUNTS[type.plural] : undefined;
  if (legacy) charges.set(legacy, 1);
  if (type.kind === "Pod") {
    if (isTerminal(object)) return new Map();
    for (const container of asArray(field(object, "spec", "containers"))) {
      for (const kind of ["requests", "limits"]) {
        for (const [resource, value] of Object.entries(
          asObject(field(container, "resources", kind)),
        )) {
          const amount = parseQuantity(value) ?? 0;
          const key = `${kind}.${resource}`;
          charges.set(key, (charges.get(key) ?? 0) + amount);
          if (kind === "requests") charges.set(resource, (charges.get(resource) ?? 0) + amount);
        }
      }
    }
  }
  if (type.kind === "PersistentVolumeClaim") {
    charges.set(
      "requests.storage",
      parseQuantity(field(object, "spec", "resources", "requests", "storage")) ?? 0,
    );
  }
  if (type.kind === "Service") {
    const serviceType = field(object, "spec", "type");
    if (serviceType === "LoadBalancer") charges.set("services.loadbalancers", 1);
    if (serviceType === "NodePort" || serviceType === "LoadBalancer")
      charges.set("services.nodeports", 1);
  }
  return charges;
}

/** Current usage of the resources a quota limits, over everything in its namespace. */
export function quotaUsage(
  store: ObjectStore,
  namespace: string,
  hard: Record<string, unknown>,
): Record<string, number> {
  const used: Record<string, number> = Object.fromEntries(Object.keys(hard).map((k) => [k, 0]));
  for (const type of resourceTypes) {
    if (!type.namespaced || type.createOnly) continue;
    for (const object of store.list(type, namespace)) {
      for (const [key, amount] of chargesOf(type, object))
        if (key in used) used[key] = (used[key] ?? 0) + amount;
    }
  }
  return used;
}

/**
 * ResourceQuota admission: a create that would take any quota in the namespace past its
 * `hard` limits is refused with 403 "exceeded quota"; a pod that omits a compute resource
 * a quota limits is refused with "must specify", as kube-apiserver does.
 */
export const resourceQuota: AdmissionPlugin = {
  name: "ResourceQuota",
  validate({ operation, type, object, store }) {
    if (operation !== "CREATE" || !type.namespaced) return;
    const namespace = object.metadata.namespace ?? "";
    const charges = chargesOf(type, object);
    for (const quota of store.list(quotas, namespace)) {
      const hard = asObject(field(quota, "spec", "hard"));
      const quotaName = quota.metadata.name ?? "";
      if (type.kind === "Pod") {
        const missing = Object.keys(hard)
          .filter((key) => COMPUTE.includes(key) && key.includes("."))
          .filter((key) =>
            asArray(field(object, "spec", "containers")).some(
              (c) => field(c, "resources", ...key.split(".")) === undefined,
            ),
          );
        if (missing.length) {
          throw forbidden(
            type,
            object.metadata.name ?? "",
            `failed quota: ${quotaName}: must specify ${missing.sort().join(",")}`,
          );
        }
      }
      const relevant = [...charges].filter(([key]) => key in hard);
      if (relevant.length === 0) continue;
      const used = quotaUsage(store, namespace, hard);
      const exceeded = relevant.filter(
        ([key, amount]) => (used[key] ?? 0) + amount > (parseQuantity(hard[key]) ?? 0),
      );
      if (exceeded.length === 0) continue;
      const list = (pick: (key: string, amount: number) => string) =>
        exceeded.map(([key, amount]) => `${key}=${pick(key, amount)}`).join(",");
      throw forbidden(
        type,
        object.metadata.name ?? "",
        `exceeded quota: ${quotaName}, requested: ${list((k, a) => formatQuantity(a, k))}, used: ${list((k) => formatQuantity(used[k] ?? 0, k))}, limited: ${list((k) => String(hard[k]))}`,
      );
    }
  },
};

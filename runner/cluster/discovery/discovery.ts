import { groupVersion, type ResourceType, resourceTypes } from "../api/catalog.ts";

/** Legacy (non-aggregated) discovery documents, which every kubectl and client-go understands. */

export const KUBERNETES_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0+enclave" };

export function versionInfo() {
  return {
    ...KUBERNETES_VERSION,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.23",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function coreVersions(serverAddress: string) {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groups(): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const type of resourceTypes) {
    if (!type.group) continue;
    const versions = byGroup.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    byGroup.set(type.group, versions);
  }
  return byGroup;
}

function groupDocument(name: string, versions: string[]) {
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList() {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups()].map(([name, versions]) => groupDocument(name, versions)),
  };
}

export function apiGroup(name: string) {
  const versions = groups().get(name);
  return versions
    ? { kind: "APIGroup", apiVersion: "v1", ...groupDocument(name, versions) }
    : undefined;
}

const fullVerbs = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];
const subresourceVerbs: Record<string, string[]> = {
  status: ["get", "patch", "update"],
  scale: ["get", "patch", "update"],
  log: ["get"],
  proxy: ["create", "delete", "get", "patch", "update"],
  token: ["create"],
  finalize: ["update"],
};

function resourceEntries(type: ResourceType) {
  const main = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.createOnly ? ["create"] : fullVerbs,
    ...(type.shortNames?.length ? { shortNames: type.shortNames } : {}),
    ...(type.categories?.length ? { categories: type.categories } : {}),
  };
  const subresources = type.subresources.map((sub) => ({
    name: `${type.plural}/${sub}`,
    singularName: "",
    namespaced: type.namespaced,
    kind: sub === "token" ? "TokenRequest" : sub === "scale" ? "Scale" : type.kind,
    ...(sub === "token" ? { group: "authentication.k8s.io", version: "v1" } : {}),
    ...(sub === "scale" ? { group: "autoscaling", version: "v1" } : {}),
    verbs: subresourceVerbs[sub] ?? ["get"],
  }));
  return [main, ...subresources];
}

export function apiResourceList(group: string, version: string) {
  const types = resourceTypes.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: groupVersion({ group, version }),
    resources: types.flatMap(resourceEntries),
  };
}

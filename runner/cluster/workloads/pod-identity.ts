import { mustFindByKind } from "../api/catalog.ts";
import { asArray, asObject, field, isJsonObject, type KubeObject } from "../api/types.ts";
import type { ObjectStore } from "../store/store.ts";

const replicaSets = mustFindByKind("apps/v1", "ReplicaSet");
const secrets = mustFindByKind("v1", "Secret");
const configMaps = mustFindByKind("v1", "ConfigMap");

export const controllerOf = (object: KubeObject) =>
  object.metadata.ownerReferences?.find((ref) => ref.controller) ??
  object.metadata.ownerReferences?.[0];

/** The name scripts match a pod by: its Job, Deployment or StatefulSet, or the pod itself. */
export function workloadOf(store: ObjectStore, pod: KubeObject): { name: string; isJob: boolean } {
  const owner = controllerOf(pod);
  if (!owner) return { name: pod.metadata.name ?? "", isJob: false };
  if (owner.kind === "ReplicaSet") {
    const replicaSet = store.get(replicaSets, pod.metadata.namespace, owner.name);
    const deployment = replicaSet ? controllerOf(replicaSet) : undefined;
    return { name: deployment?.kind === "Deployment" ? deployment.name : owner.name, isJob: false };
  }
  return { name: owner.name, isJob: owner.kind === "Job" };
}

const decoded = (encoded: unknown) =>
  typeof encoded === "string" ? Buffer.from(encoded, "base64").toString() : undefined;

/**
 * A container's environment as the kubelet resolves it: `envFrom` sources in order (later
 * ones win, keys prefixed), then `env` entries over them (value, secretKeyRef,
 * configMapKeyRef). Since Kubernetes 1.30 the kubelet passes every envFrom key through
 * rather than skipping ones that are not C identifiers (kubernetes/kubernetes#123385).
 */
export function resolveEnv(
  store: ObjectStore,
  pod: KubeObject,
  container: unknown,
): Record<string, string> {
  const env: Record<string, string> = {};
  const namespace = pod.metadata.namespace;
  for (const source of asArray(field(container, "envFrom"))) {
    const prefix = String(field(source, "prefix") ?? "");
    const configMapName = field(source, "configMapRef", "name");
    const secretName = field(source, "secretRef", "name");
    const entries =
      typeof configMapName === "string"
        ? Object.entries(asObject(field(store.get(configMaps, namespace, configMapName), "data")))
        : typeof secretName === "string"
          ? Object.entries(asObject(field(store.get(secrets, namespace, secretName), "data"))).map(
              ([key, value]) => [key, decoded(value)] as const,
            )
          : [];
    for (const [key, value] of entries) {
      if (typeof value === "string") env[`${prefix}${key}`] = value;
    }
  }
  for (const entry of asArray(field(container, "env"))) {
    const name = field(entry, "name");
    if (typeof name !== "string") continue;
    const value = field(entry, "value");
    if (typeof value === "string") env[name] = value;
    const secretRef = field(entry, "valueFrom", "secretKeyRef");
    if (isJsonObject(secretRef)) {
      const secret = store.get(secrets, namespace, String(secretRef.name));
      const plain = decoded(field(secret, "data", String(secretRef.key)));
      if (plain !== undefined) env[name] = plain;
    }
    const configRef = field(entry, "valueFrom", "configMapKeyRef");
    if (isJsonObject(configRef)) {
      const configMap = store.get(configMaps, namespace, String(configRef.name));
      const plain = field(configMap, "data", String(configRef.key));
      if (typeof plain === "string") env[name] = plain;
    }
  }
  return env;
}

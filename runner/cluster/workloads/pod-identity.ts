import { mustFindByKind } from "../api/catalog.ts";
import { asArray, field, isJsonObject, type KubeObject } from "../api/types.ts";
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

/** A container's environment as the kubelet would resolve it (value, secretKeyRef, configMapKeyRef). */
export function resolveEnv(
  store: ObjectStore,
  pod: KubeObject,
  container: unknown,
): Record<string, string> {
  const env: Record<string, string> = {};
  const namespace = pod.metadata.namespace;
  for (const entry of asArray(field(container, "env"))) {
    const name = field(entry, "name");
    if (typeof name !== "string") continue;
    const value = field(entry, "value");
    if (typeof value === "string") env[name] = value;
    const secretRef = field(entry, "valueFrom", "secretKeyRef");
    if (isJsonObject(secretRef)) {
      const secret = store.get(secrets, namespace, String(secretRef.name));
      const encoded = field(secret, "data", String(secretRef.key));
      if (typeof encoded === "string") env[name] = Buffer.from(encoded, "base64").toString();
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

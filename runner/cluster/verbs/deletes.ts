import { type ResourceType, resourceTypes } from "../api/catalog.ts";
import { conflict } from "../api/errors.ts";
import type { KubeObject } from "../api/types.ts";
import type { ObjectStore } from "../store/store.ts";

export interface DeleteOptions {
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/** Objects anywhere in the store whose ownerReferences name `uid`. */
export function dependentsOf(
  store: ObjectStore,
  uid: string,
): { type: ResourceType; object: KubeObject }[] {
  const found: { type: ResourceType; object: KubeObject }[] = [];
  for (const type of resourceTypes) {
    if (type.createOnly) continue;
    for (const object of store.list(type)) {
      if (object.metadata.ownerReferences?.some((ref) => ref.uid === uid))
        found.push({ type, object });
    }
  }
  return found;
}

/**
 * Deletion as kube-apiserver does it: preconditions, finalizers keep an object (with a
 * deletionTimestamp) until they are removed, namespaces go Terminating for the namespace
 * controller, Orphan strips ownerReferences from dependents, Foreground removes them first.
 * Background dependents are left to the garbage collector.
 */
export function deleteObject(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
): KubeObject {
  const current = store.mustGet(type, namespace, name);
  const { uid, resourceVersion } = options.preconditions ?? {};
  if (uid && uid !== current.metadata.uid) {
    throw conflict(
      type,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      type,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
  if (options.dryRun) return current;
  const ownUid = current.metadata.uid ?? "";
  if (options.propagationPolicy === "Orphan") {
    for (const dependent of dependentsOf(store, ownUid)) {
      const refs = dependent.object.metadata.ownerReferences?.filter((r) => r.uid !== ownUid) ?? [];
      dependent.object.metadata.ownerReferences = refs.length ? refs : undefined;
      store.update(dependent.type, dependent.object);
    }
  }
  if (options.propagationPolicy === "Foreground") {
    for (const dependent of dependentsOf(store, ownUid)) {
      const { metadata } = dependent.object;
      if (store.get(dependent.type, metadata.namespace, metadata.name ?? "")) {
        deleteObject(store, dependent.type, metadata.namespace, metadata.name ?? "", options);
      }
    }
  }
  if (type.plural === "namespaces") {
    if (current.metadata.deletionTimestamp) return current;
    return store.update(type, {
      ...current,
      metadata: { ...current.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 0 },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Terminating" },
    });
  }
  if (current.metadata.finalizers?.length) {
    if (current.metadata.deletionTimestamp) return current;
    return store.update(type, {
      ...current,
      metadata: { ...current.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 0 },
    });
  }
  return store.remove(type, namespace, name);
}

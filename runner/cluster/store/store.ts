import { randomUUID } from "node:crypto";
import { groupVersion, type ResourceType } from "../api/catalog.ts";
import { alreadyExists, conflict, notFound } from "../api/errors.ts";
import { clone, type KubeObject } from "../api/types.ts";
import { ObjectIndex } from "./object-index.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

export interface StoreSnapshot {
  resourceVersion: number;
  objects: KubeObject[];
}

export const resourceKey = (type: ResourceType) => `${type.group}/${type.plural}`;
/** One object's identity, as the state file keys it. */
export const objectKey = (type: ResourceType, namespace: string | undefined, name: string) =>
  `${resourceKey(type)}/${type.namespaced ? (namespace ?? "") : ""}/${name}`;
const scopeOf = (type: ResourceType, namespace: string | undefined) =>
  type.namespaced ? (namespace ?? "") : "";

const specOf = (object: KubeObject) => {
  const { metadata: _m, status: _s, ...rest } = object;
  return JSON.stringify(rest);
};

/**
 * The cluster's etcd: objects by key, a single monotonically increasing resourceVersion,
 * and a bounded history of changes so watches can resume from a version (and get 410
 * Gone once that version has been compacted away, as kube-apiserver's watch cache does).
 */
export class ObjectStore {
  private readonly objects = new ObjectIndex();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private readonly historyLimit: number;
  private revision = 0;
  private compactedThrough = 0;

  constructor(historyLimit = 5000) {
    this.historyLimit = historyLimit;
  }

  get resourceVersion(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch may still start from. */
  get oldestWatchable(): number {
    return this.compactedThrough;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(resourceKey(type), scopeOf(type, namespace), name);
    return found ? clone(found) : undefined;
  }

  mustGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.get(type, namespace, name);
    if (!found) throw notFound(type, name);
    return found;
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    const scope = type.namespaced && namespace ? namespace : undefined;
    const found = [...this.objects.list(resourceKey(type), scope)].map(clone);
    return found.sort((a, b) =>
      `${a.metadata.namespace ?? ""}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ""}/${b.metadata.name}`,
      ),
    );
  }

  create(type: ResourceType, input: KubeObject): KubeObject {
    const object = clone(input);
    const name = object.metadata.name ?? "";
    if (this.objects.get(resourceKey(type), scopeOf(type, object.metadata.namespace), name))
      throw alreadyExists(type, name);
    if (!type.namespaced) delete object.metadata.namespace;
    object.apiVersion = groupVersion(type);
    object.kind = type.kind;
    object.metadata.uid ??= randomUUID();
    object.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    if (type.tracksGeneration) object.metadata.generation = 1;
    delete object.metadata.deletionTimestamp;
    return this.commit("ADDED", type, object);
  }

  /**
   * Replaces an object. A resourceVersion in the input must match the stored one
   * (optimistic concurrency); identity fields are kept from the stored object.
   */
  update(type: ResourceType, input: KubeObject): KubeObject {
    const object = clone(input);
    const name = object.metadata.name ?? "";
    const current = this.objects.get(
      resourceKey(type),
      scopeOf(type, object.metadata.namespace),
      name,
    );
    if (!current) throw notFound(type, name);
    const expected = object.metadata.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) {
      throw conflict(
        type,
        name,
        "the object has been modified; please apply your changes to the latest version and try again",
      );
    }
    object.apiVersion = current.apiVersion;
    object.kind = current.kind;
    object.metadata.uid = current.metadata.uid;
    object.metadata.creationTimestamp = current.metadata.creationTimestamp;
    if (!type.namespaced) delete object.metadata.namespace;
    if (current.metadata.deletionTimestamp) {
      object.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
    }
    if (type.tracksGeneration) {
      const generation = current.metadata.generation ?? 1;
      object.metadata.generation = specOf(current) === specOf(object) ? generation : generation + 1;
    }
    if (
      JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: "" } }) ===
      JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: "" } })
    ) {
      return clone(current);
    }
    // A namespace is held by spec.finalizers until the namespace controller empties it.
    const held = Boolean(object.metadata.finalizers?.length) || type.plural === "namespaces";
    if (object.metadata.deletionTimestamp && !held) {
      return this.remove(type, object.metadata.namespace, name);
    }
    return this.commit("MODIFIED", type, object);
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const current = this.objects.get(resourceKey(type), scopeOf(type, namespace), name);
    if (!current) throw notFound(type, name);
    this.objects.delete(resourceKey(type), scopeOf(type, namespace), name);
    this.revision += 1;
    const object = clone(current);
    object.metadata.resourceVersion = String(this.revision);
    this.record({ type: "DELETED", resource: type, object, resourceVersion: this.revision });
    return clone(object);
  }

  /** Changes since `resourceVersion`, or undefined when that version was compacted away. */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.compactedThrough) return undefined;
    return this.history.filter((e) => e.resourceVersion > resourceVersion);
  }

  /** Forgets all history, so watches from any earlier version get 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.compactedThrough = this.revision;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): StoreSnapshot {
    return { resourceVersion: this.revision, objects: [...this.objects.values()].map(clone) };
  }

  restore(snapshot: StoreSnapshot, typeOf: (object: KubeObject) => ResourceType | undefined): void {
    for (const object of snapshot.objects) {
      const type = typeOf(object);
      if (!type) continue;
      const scope = scopeOf(type, object.metadata.namespace);
      this.objects.set(resourceKey(type), scope, object.metadata.name ?? "", object);
    }
    this.revision = snapshot.resourceVersion;
    this.compactedThrough = snapshot.resourceVersion;
  }

  private commit(
    type: "ADDED" | "MODIFIED",
    resource: ResourceType,
    object: KubeObject,
  ): KubeObject {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    const scope = scopeOf(resource, object.metadata.namespace);
    this.objects.set(resourceKey(resource), scope, object.metadata.name ?? "", object);
    this.record({ type, resource, object: clone(object), resourceVersion: this.revision });
    return clone(object);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedThrough = dropped.at(-1)?.resourceVersion ?? this.compactedThrough;
    }
    for (const listener of this.listeners) listener(event);
  }
}

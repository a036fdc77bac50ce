import type { KubeObject } from "../api/types.ts";

/**
 * Objects by resource, then namespace ("" for cluster-scoped), then name, so a list reads
 * only its own resource (and namespace) however many objects the cluster holds: controllers
 * list a namespace's pods on every change, and a flat map made each list scan everything.
 */
export class ObjectIndex {
  private readonly resources = new Map<string, Map<string, Map<string, KubeObject>>>();

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.resources.get(resource)?.get(namespace)?.get(name);
  }

  set(resource: string, namespace: string, name: string, object: KubeObject): void {
    let namespaces = this.resources.get(resource);
    if (!namespaces) {
      namespaces = new Map();
      this.resources.set(resource, namespaces);
    }
    let names = namespaces.get(namespace);
    if (!names) {
      names = new Map();
      namespaces.set(namespace, names);
    }
    names.set(name, object);
  }

  delete(resource: string, namespace: string, name: string): void {
    const namespaces = this.resources.get(resource);
    const names = namespaces?.get(namespace);
    names?.delete(name);
    if (names?.size === 0) namespaces?.delete(namespace);
  }

  /** A resource's objects, in one namespace when given. */
  *list(resource: string, namespace?: string): Generator<KubeObject> {
    const namespaces = this.resources.get(resource);
    if (!namespaces) return;
    if (namespace !== undefined) {
      yield* namespaces.get(namespace)?.values() ?? [];
      return;
    }
    for (const names of namespaces.values()) yield* names.values();
  }

  *values(): Generator<KubeObject> {
    for (const namespaces of this.resources.values())
      for (const names of namespaces.values()) yield* names.values();
  }
}

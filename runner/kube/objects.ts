import type { INamespace } from "kubernetes-models/v1";

/** Object metadata as the upstream schemas describe it. */
export type ObjectMeta = NonNullable<INamespace["metadata"]>;

/** Any Kubernetes object: its kind, and its metadata once it has some. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
}

/**
 * An object of a `kubernetes-models` type that carries its name, as every builder makes it
 * and every apply answers with it, so callers read `metadata.name` without checks.
 */
export type Named<T extends KubeObject> = T & { metadata: ObjectMeta & { name: string } };

/** Names one object of the type T: its kind, its name and, for namespaced kinds, where. */
export interface ObjectRef<T extends KubeObject = KubeObject> {
  apiVersion: T["apiVersion"];
  kind: T["kind"];
  metadata: { name: string; namespace?: string };
}

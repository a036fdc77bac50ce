import { findByKind } from "../api/catalog.ts";
import { deleteObject, dependentsOf } from "../verbs/deletes.ts";
import type { ControllerDeps } from "./deps.ts";
import { WorkQueue } from "./scheduler.ts";

/**
 * Garbage collection by ownerReferences: when an owner is deleted, a dependent whose
 * owners are all gone is deleted too (background propagation), and so on down the
 * chain (Deployment → ReplicaSet → Pod).
 */
export function startGarbageCollector(deps: ControllerDeps): void {
  const queue = new WorkQueue(deps.scheduler, (uid) => {
    for (const { type, object } of dependentsOf(deps.store, uid)) {
      const liveOwners = (object.metadata.ownerReferences ?? []).filter((ref) => {
        if (ref.uid === uid) return false;
        const ownerType = findByKind(ref.apiVersion, ref.kind);
        if (!ownerType) return true;
        const owner = deps.store
          .list(ownerType, ownerType.namespaced ? object.metadata.namespace : undefined)
          .find((o) => o.metadata.uid === ref.uid);
        return owner !== undefined;
      });
      const name = object.metadata.name ?? "";
      if (!deps.store.get(type, object.metadata.namespace, name)) continue;
      if (liveOwners.length === 0)
        deleteObject(deps.store, type, object.metadata.namespace, name, {});
      else
        deps.store.update(type, {
          ...object,
          metadata: { ...object.metadata, ownerReferences: liveOwners },
        });
    }
  });
  deps.store.subscribe((event) => {
    if (event.type === "DELETED" && event.object.metadata.uid) queue.add(event.object.metadata.uid);
  });
}

import type { ResourceType } from "../api/catalog.ts";
import type { KubeObject } from "../api/types.ts";
import { CONTROLLER_USER } from "../api/user.ts";
import type { ClusterTimings } from "../context.ts";
import type { ObjectStore } from "../store/store.ts";
import type { WriteOptions, Writes } from "../verbs/writes.ts";
import type { Scheduler } from "./scheduler.ts";

export interface ControllerDeps {
  store: ObjectStore;
  writes: Writes;
  scheduler: Scheduler;
  timings: ClusterTimings;
}

export const controllerWrite = (manager: string): WriteOptions => ({
  user: CONTROLLER_USER,
  fieldManager: manager,
  dryRun: false,
});

export const keyOf = (object: KubeObject) =>
  `${object.metadata.namespace ?? ""}/${object.metadata.name}`;
export const splitKey = (key: string): [string | undefined, string] => {
  const [namespace, name] = key.split("/");
  return [namespace || undefined, name ?? ""];
};

/** Enqueues the object itself for its own type, and its controller for dependents' changes. */
export function watchTypes(
  deps: ControllerDeps,
  own: ResourceType,
  enqueue: (key: string) => void,
  dependents: ResourceType[] = [],
): void {
  deps.store.subscribe((event) => {
    if (event.resource === own) enqueue(keyOf(event.object));
    else if (dependents.includes(event.resource)) {
      const owner = event.object.metadata.ownerReferences?.find(
        (ref) => ref.kind === own.kind && ref.controller,
      );
      if (owner) enqueue(`${event.object.metadata.namespace ?? ""}/${owner.name}`);
    }
  });
}

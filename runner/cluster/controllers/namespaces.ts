import { mustFindByKind, resourceTypes } from "../api/catalog.ts";
import { deleteObject } from "../verbs/deletes.ts";
import { type ControllerDeps, splitKey } from "./deps.ts";
import { WorkQueue } from "./scheduler.ts";

const namespaces = mustFindByKind("v1", "Namespace");
const serviceAccounts = mustFindByKind("v1", "ServiceAccount");
const configMaps = mustFindByKind("v1", "ConfigMap");
const RETRY_MS = 1000;

/**
 * Namespace lifecycle: a new namespace gets its `default` ServiceAccount and the
 * kube-root-ca.crt ConfigMap; a Terminating one has all its content deleted, then
 * disappears (later, while finalizers on content still hold it).
 */
export function startNamespaceController(deps: ControllerDeps, caCertificate: string): void {
  const queue: WorkQueue = new WorkQueue(deps.scheduler, (key) => {
    const [, name] = splitKey(key);
    const namespace = deps.store.get(namespaces, undefined, name);
    if (!namespace?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const type of resourceTypes) {
      if (!type.namespaced || type.createOnly) continue;
      for (const object of deps.store.list(type, name)) {
        const deleted = deleteObject(deps.store, type, name, object.metadata.name ?? "", {});
        if (deps.store.get(type, name, deleted.metadata.name ?? "")) remaining += 1;
      }
    }
    if (remaining > 0) {
      queue.add(key, RETRY_MS);
      return;
    }
    deps.store.remove(namespaces, undefined, name);
  });
  deps.store.subscribe((event) => {
    if (event.resource !== namespaces) return;
    const name = event.object.metadata.name ?? "";
    if (event.type === "ADDED") {
      deps.scheduler.after(0, () => {
        if (
          !deps.store.get(namespaces, undefined, name) ||
          deps.store.get(serviceAccounts, name, "default")
        )
          return;
        deps.store.create(serviceAccounts, {
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: { name: "default", namespace: name },
        });
        deps.store.create(configMaps, {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "kube-root-ca.crt", namespace: name },
          data: { "ca.crt": caCertificate },
        });
      });
    }
    if (event.type === "MODIFIED" && event.object.metadata.deletionTimestamp) {
      queue.add(`/${name}`, deps.timings.namespaceFinalizeMs);
    }
  });
}

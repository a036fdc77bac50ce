import { mustFindByKind } from "../api/catalog.ts";
import { asObject, field } from "../api/types.ts";
import { type ControllerDeps, keyOf, splitKey } from "./deps.ts";
import { WorkQueue } from "./scheduler.ts";

const claims = mustFindByKind("v1", "PersistentVolumeClaim");

/** The local-path provisioner k3s ships: every claim gets a volume and is Bound. */
export function startVolumeController(deps: ControllerDeps): void {
  const queue = new WorkQueue(deps.scheduler, (key) => {
    const [namespace, name] = splitKey(key);
    const claim = deps.store.get(claims, namespace, name);
    if (!claim || field(claim, "status", "phase") === "Bound" || claim.metadata.deletionTimestamp)
      return;
    const volumeName = `pvc-${claim.metadata.uid}`;
    const storage = field(claim, "spec", "resources", "requests", "storage") ?? "1Gi";
    deps.store.update(claims, {
      ...claim,
      metadata: {
        ...claim.metadata,
        annotations: {
          ...claim.metadata.annotations,
          "pv.kubernetes.io/bind-completed": "yes",
          "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path",
        },
      },
      spec: { ...asObject(claim.spec), volumeName },
      status: {
        phase: "Bound",
        accessModes: field(claim, "spec", "accessModes") ?? ["ReadWriteOnce"],
        capacity: { storage },
      },
    });
  });
  deps.store.subscribe((event) => {
    if (event.resource === claims && event.type === "ADDED")
      queue.add(keyOf(event.object), deps.timings.pvcBindMs);
  });
}

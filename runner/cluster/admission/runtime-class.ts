import { mustFindByKind } from "../api/catalog.ts";
import { forbidden } from "../api/errors.ts";
import type { KubeObject } from "../api/types.ts";
import type { AdmissionPlugin } from "./types.ts";

const runtimeClasses = mustFindByKind("node.k8s.io/v1", "RuntimeClass");

/**
 * RuntimeClass admission: a pod naming a runtime class is refused unless that RuntimeClass
 * exists, as kube-apiserver refuses it. Workload templates are not checked: their controller's
 * pod creation fails instead, as it does in a real cluster.
 */
export const runtimeClass: AdmissionPlugin = {
  name: "RuntimeClass",
  validate({ operation, type, object, store }) {
    if (type.kind !== "Pod" || type.group !== "" || operation !== "CREATE") return;
    const name = (object.spec as { runtimeClassName?: unknown } | undefined)?.runtimeClassName;
    if (typeof name !== "string" || name === "") return;
    if (!store.get(runtimeClasses, undefined, name)) {
      throw forbidden(
        type,
        object.metadata.name ?? "",
        `pod rejected: RuntimeClass "${name}" not found`,
      );
    }
  },
};

/**
 * The simulated node offers the gVisor sandbox, as a cluster whose nodes have runsc installed
 * does: its RuntimeClass exists from the start, so the enterprise plan's pods run locally.
 */
export const sandboxRuntimeClass: KubeObject = {
  apiVersion: "node.k8s.io/v1",
  kind: "RuntimeClass",
  metadata: { name: "gvisor" },
  handler: "runsc",
};

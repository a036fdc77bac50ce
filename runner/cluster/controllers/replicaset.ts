import { mustFindByKind } from "../api/catalog.ts";
import { asObject, field, type JsonObject, type KubeObject } from "../api/types.ts";
import { type ControllerDeps, controllerWrite, splitKey, watchTypes } from "./deps.ts";
import {
  controllerRef,
  errorMessage,
  isPodActive,
  isPodReady,
  ownedBy,
  randomSuffix,
  recordEvent,
  setCondition,
  writeStatus,
} from "./helpers.ts";
import { WorkQueue } from "./scheduler.ts";

const replicaSets = mustFindByKind("apps/v1", "ReplicaSet");
const pods = mustFindByKind("v1", "Pod");
const MAX_RETRY_MS = 30_000;

/** ReplicaSet controller: keeps `spec.replicas` pods from the template, reports ready/available. */
export function startReplicaSetController(deps: ControllerDeps): void {
  const failures = new Map<string, number>();
  const queue: WorkQueue = new WorkQueue(deps.scheduler, async (key) => {
    const [namespace, name] = splitKey(key);
    const replicaSet = deps.store.get(replicaSets, namespace, name);
    if (!replicaSet || replicaSet.metadata.deletionTimestamp) return;
    const desired = Number(field(replicaSet, "spec", "replicas") ?? 1);
    const active = deps.store.list(pods, namespace).filter(ownedBy(replicaSet)).filter(isPodActive);
    const status: JsonObject = { ...asObject(replicaSet.status) };
    let failure: string | undefined;
    for (let i = active.length; i < desired; i += 1) {
      try {
        const created = await deps.writes.create(
          pods,
          podFromTemplate(replicaSet, `${name}-${randomSuffix()}`),
          controllerWrite("replicaset-controller"),
        );
        active.push(created);
      } catch (error) {
        failure = errorMessage(error);
        recordEvent(
          deps.store,
          replicaSet,
          "Warning",
          "FailedCreate",
          `Error creating: ${failure}`,
        );
        break;
      }
    }
    const surplus = active.length - desired;
    if (surplus > 0) {
      const victims = [...active]
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)))
        .slice(0, surplus);
      for (const pod of victims) {
        deps.store.remove(pods, namespace, pod.metadata.name ?? "");
        active.splice(active.indexOf(pod), 1);
      }
    }
    const ready = active.filter(isPodReady).length;
    Object.assign(status, {
      replicas: active.length,
      fullyLabeledReplicas: active.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: replicaSet.metadata.generation ?? 1,
    });
    if (failure) {
      setCondition(status, {
        type: "ReplicaFailure",
        status: "True",
        reason: "FailedCreate",
        message: failure,
      });
      const attempt = (failures.get(key) ?? 0) + 1;
      failures.set(key, attempt);
      queue.add(key, Math.min(MAX_RETRY_MS, 500 * 2 ** attempt));
    } else {
      failures.delete(key);
      status.conditions = (status.conditions as JsonObject[] | undefined)?.filter(
        (c) => c.type !== "ReplicaFailure",
      );
      if (!(status.conditions as unknown[] | undefined)?.length) delete status.conditions;
    }
    writeStatus(deps.store, replicaSet, status);
  });
  watchTypes(deps, replicaSets, (key) => queue.add(key), [pods]);
}

export function podFromTemplate(owner: KubeObject, name: string): KubeObject {
  const template = asObject(field(owner, "spec", "template"));
  const metadata = asObject(template.metadata);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(metadata.labels as Record<string, string> | undefined) },
      ...(metadata.annotations
        ? { annotations: metadata.annotations as Record<string, string> }
        : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: structuredClone(asObject(template.spec)),
  };
}

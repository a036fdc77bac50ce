import { mustFindByKind } from "../api/catalog.ts";
import { asObject, field, type JsonObject, type KubeObject } from "../api/types.ts";
import { type ControllerDeps, splitKey, watchTypes } from "./deps.ts";
import {
  conditionOf,
  controllerRef,
  now,
  ownedBy,
  setCondition,
  templateHash,
  writeStatus,
} from "./helpers.ts";
import { WorkQueue } from "./scheduler.ts";

const deployments = mustFindByKind("apps/v1", "Deployment");
const replicaSets = mustFindByKind("apps/v1", "ReplicaSet");
const REVISION = "deployment.kubernetes.io/revision";

const count = (object: KubeObject | undefined, key: string) =>
  Number(field(object, "status", key) ?? 0);

/** maxUnavailable as the deployment controller resolves it (percentages round down). */
function maxUnavailable(deployment: KubeObject, replicas: number): number {
  const value = field(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable") ?? "25%";
  if (field(deployment, "spec", "strategy", "type") === "Recreate") return 0;
  if (typeof value === "number") return value;
  const percent = /^(\d+)%$/.exec(String(value));
  return percent ? Math.floor((replicas * Number(percent[1])) / 100) : 0;
}

/**
 * Deployment controller: one ReplicaSet per pod template (named by its hash), scaled to
 * the desired replicas; older ReplicaSets are scaled down once the new one is available,
 * so a rollout that never becomes ready leaves the previous version serving.
 */
export function startDeploymentController(deps: ControllerDeps): void {
  // One pending progress-deadline check per rollout, not one per reconcile.
  const deadlines = new Map<string, () => void>();
  const queue: WorkQueue = new WorkQueue(deps.scheduler, (key) => {
    const [namespace, name] = splitKey(key);
    const deployment = deps.store.get(deployments, namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp) return;
    const desired = Number(field(deployment, "spec", "replicas") ?? 1);
    const template = asObject(field(deployment, "spec", "template"));
    const hash = templateHash(template);
    const owned = deps.store.list(replicaSets, namespace).filter(ownedBy(deployment));
    let current = owned.find((rs) => rs.metadata.labels?.["pod-template-hash"] === hash);
    const revision = Math.max(
      0,
      ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0)),
    );
    if (!current) {
      const labels = {
        ...(asObject(template.metadata).labels as Record<string, string> | undefined),
        "pod-template-hash": hash,
      };
      const selector = asObject(field(deployment, "spec", "selector"));
      current = deps.store.create(replicaSets, {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${name}-${hash}`,
          namespace,
          labels,
          annotations: {
            [REVISION]: String(revision + 1),
            "deployment.kubernetes.io/desired-replicas": String(desired),
          },
          ownerReferences: [controllerRef(deployment)],
        },
        spec: {
          replicas: desired,
          selector: {
            ...selector,
            matchLabels: {
              ...(selector.matchLabels as Record<string, string> | undefined),
              "pod-template-hash": hash,
            },
          },
          template: { ...template, metadata: { ...asObject(template.metadata), labels } },
        },
      });
    } else if (field(current, "spec", "replicas") !== desired) {
      current = deps.store.update(replicaSets, {
        ...current,
        spec: { ...asObject(current.spec), replicas: desired },
      });
    }
    const rolledOut =
      count(current, "availableReplicas") >= desired && count(current, "replicas") === desired;
    const old = owned.filter((rs) => rs.metadata.uid !== current?.metadata.uid);
    for (const rs of old) {
      if (rolledOut && field(rs, "spec", "replicas") !== 0) {
        deps.store.update(replicaSets, { ...rs, spec: { ...asObject(rs.spec), replicas: 0 } });
      }
    }
    const all = [current, ...old];
    const available = all.reduce((n, rs) => n + count(rs, "availableReplicas"), 0);
    const total = all.reduce((n, rs) => n + count(rs, "replicas"), 0);
    const status: JsonObject = { ...asObject(deployment.status) };
    Object.assign(status, {
      observedGeneration: deployment.metadata.generation ?? 1,
      replicas: total,
      updatedReplicas: count(current, "replicas"),
      readyReplicas: all.reduce((n, rs) => n + count(rs, "readyReplicas"), 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, desired - available),
    });
    for (const key of [
      "readyReplicas",
      "availableReplicas",
      "unavailableReplicas",
      "replicas",
      "updatedReplicas",
    ]) {
      if (status[key] === 0) delete status[key];
    }
    const minimum = available >= desired - maxUnavailable(deployment, desired);
    setCondition(
      status,
      {
        type: "Available",
        status: minimum ? "True" : "False",
        reason: minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        message: minimum
          ? "Deployment has minimum availability."
          : "Deployment does not have minimum availability.",
      },
      true,
    );
    const complete = rolledOut && total === desired;
    const progressing = conditionOf(deployment, "Progressing");
    const since = Date.parse(String(field(progressing, "lastUpdateTime") ?? now()));
    const deadlineMs = Number(field(deployment, "spec", "progressDeadlineSeconds") ?? 600) * 1000;
    const failureReplicaSet = conditionOf(current, "ReplicaFailure");
    if (failureReplicaSet) {
      setCondition(
        status,
        {
          type: "ReplicaFailure",
          status: "True",
          reason: "FailedCreate",
          message: String(field(failureReplicaSet, "message") ?? ""),
        },
        true,
      );
    } else
      status.conditions = (status.conditions as JsonObject[]).filter(
        (c) => c.type !== "ReplicaFailure",
      );
    if (complete) {
      deadlines.get(key)?.();
      deadlines.delete(key);
      setCondition(
        status,
        {
          type: "Progressing",
          status: "True",
          reason: "NewReplicaSetAvailable",
          message: `ReplicaSet "${current.metadata.name}" has successfully progressed.`,
        },
        true,
      );
    } else if (
      field(progressing, "reason") === "ReplicaSetUpdated" &&
      Date.now() - since > deadlineMs
    ) {
      setCondition(
        status,
        {
          type: "Progressing",
          status: "False",
          reason: "ProgressDeadlineExceeded",
          message: `ReplicaSet "${current.metadata.name}" has timed out progressing.`,
        },
        true,
      );
    } else if (field(progressing, "reason") !== "ProgressDeadlineExceeded") {
      setCondition(
        status,
        {
          type: "Progressing",
          status: "True",
          reason: "ReplicaSetUpdated",
          message: `ReplicaSet "${current.metadata.name}" is progressing.`,
        },
        true,
      );
      if (!deadlines.has(key)) {
        deadlines.set(
          key,
          deps.scheduler.after(deadlineMs + 10, () => {
            deadlines.delete(key);
            queue.add(key);
          }),
        );
      }
    }
    writeStatus(deps.store, deployment, status);
  });
  watchTypes(deps, deployments, (key) => queue.add(key), [replicaSets]);
}

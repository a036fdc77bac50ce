import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { IPod } from "kubernetes-models/v1";

/** A rollout that cannot finish on its own: the wait fails with the cluster's reason. */
export class RolloutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RolloutError";
  }
}

const condition = (deployment: IDeployment, type: string) =>
  deployment.status?.conditions?.find((c) => c.type === type);

/** `kubectl rollout status` for a Deployment: true when done, throws when it cannot finish. */
export function deploymentRolledOut(deployment: IDeployment | undefined): boolean {
  if (!deployment) return false;
  const { status } = deployment;
  const failure = condition(deployment, "ReplicaFailure");
  if (failure?.status === "True") {
    throw new RolloutError(
      `Deployment ${deployment.metadata?.name} cannot create pods: ${failure.message ?? failure.reason}`,
    );
  }
  const progressing = condition(deployment, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    throw new RolloutError(
      `Deployment ${deployment.metadata?.name} made no progress: ${progressing.message ?? ""}`,
    );
  }
  if ((status?.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 1)) return false;
  const wanted = deployment.spec?.replicas ?? 1;
  return (
    (status?.updatedReplicas ?? 0) >= wanted &&
    (status?.replicas ?? 0) <= (status?.updatedReplicas ?? 0) &&
    (status?.availableReplicas ?? 0) >= (status?.updatedReplicas ?? 0)
  );
}

export function statefulSetRolledOut(set: IStatefulSet | undefined): boolean {
  if (!set) return false;
  const { status } = set;
  if ((status?.observedGeneration ?? 0) < (set.metadata?.generation ?? 1)) return false;
  const wanted = set.spec?.replicas ?? 1;
  if (
    status?.updateRevision &&
    status.currentRevision &&
    status.updateRevision !== status.currentRevision
  ) {
    return false;
  }
  return (status?.readyReplicas ?? 0) >= wanted && (status?.updatedReplicas ?? wanted) >= wanted;
}

/** Waiting reasons that do not clear up by waiting longer. */
const STUCK_REASONS = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

export interface PodProblem {
  pod: string;
  container: string;
  reason: string;
  detail: string;
}

/** Why a pod will not become ready on its own, or null while it still might. */
export function podProblem(pod: IPod): PodProblem | null {
  const name = pod.metadata?.name ?? "";
  const unschedulable = pod.status?.conditions?.find(
    (c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable",
  );
  if (unschedulable) {
    return {
      pod: name,
      container: "",
      reason: "Unschedulable",
      detail: unschedulable.message ?? "",
    };
  }
  for (const status of pod.status?.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    if (!waiting?.reason || !STUCK_REASONS.has(waiting.reason)) continue;
    const last = status.lastState?.terminated;
    const exit = last
      ? `last exit code ${last.exitCode ?? "?"}${last.reason ? ` (${last.reason})` : ""}${last.message ? `: ${last.message.trim()}` : ""}`
      : (waiting.message ?? "");
    return { pod: name, container: status.name, reason: waiting.reason, detail: exit };
  }
  return null;
}

import { asArray, field, isJsonObject, type JsonObject, type KubeObject } from "../api/types.ts";
import type { ContainerRuntime, PodRuntime } from "./kubelet.ts";

const NODE_IP = "10.0.0.10";
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

const exitCodeOf = (c: ContainerRuntime) =>
  "terminated" in c.state ? c.state.terminated.exitCode : undefined;

/** Exited 0 and will not run again: an init container that let the pod go on. */
const completed = (c: ContainerRuntime) => c.done && exitCodeOf(c) === 0;

function statusOf(runtime: PodRuntime, c: ContainerRuntime): JsonObject {
  return {
    name: c.name,
    image: c.image,
    imageID: `${c.image.split(":")[0]}@sha256:${"0".repeat(64)}`,
    containerID: `containerd://${runtime.uid.replaceAll("-", "")}${c.restartCount}`,
    ready: c.ready,
    started: "running" in c.state,
    restartCount: c.restartCount,
    state: c.state,
    lastState: c.lastState,
  };
}

/** A container the kubelet has not created yet, waiting for the given reason. */
const notCreated = (spec: unknown, reason: string): JsonObject => ({
  name: String(field(spec, "name") ?? ""),
  image: String(field(spec, "image") ?? ""),
  imageID: "",
  ready: false,
  started: false,
  restartCount: 0,
  state: { waiting: { reason } },
  lastState: {},
});

/**
 * The status a kubelet reports for a pod: init containers first, one at a time (the pod
 * stays Pending, not Initialized, until all have exited 0, and is Failed if one failed and
 * will not be restarted), then the app containers; phase, conditions and container
 * statuses with exit codes, reasons and termination messages.
 */
export function podStatusOf(pod: KubeObject, runtime: PodRuntime): JsonObject {
  const initSpecs = asArray(field(pod, "spec", "initContainers"));
  const { containers, initContainers } = runtime;
  const initialized = initContainers.filter(completed).length === initSpecs.length;
  const initFailed = initContainers.some((c) => c.done && !completed(c));
  const started = containers.length > 0;
  const allReady = started && containers.every((c) => c.ready);
  const finished = started && containers.every((c) => c.done);
  const failed = containers.some((c) => c.done && !completed(c));
  const phase = initFailed
    ? "Failed"
    : !started
      ? "Pending"
      : finished
        ? failed
          ? "Failed"
          : "Succeeded"
        : "Running";
  const at = now();
  const condition = (type: string, ok: boolean, reason?: string) => ({
    type,
    status: ok ? "True" : "False",
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(reason && !ok ? { reason } : {}),
  });
  const previous = isJsonObject(pod.status) ? pod.status : {};
  const readyReason = finished ? "PodCompleted" : "ContainersNotReady";
  const waitingReason = initSpecs.length ? "PodInitializing" : "ContainerCreating";
  return {
    ...previous,
    phase,
    conditions: [
      condition("PodReadyToStartContainers", runtime.sandboxReady),
      condition("Initialized", initialized, "ContainersNotInitialized"),
      condition("Ready", allReady, readyReason),
      condition("ContainersReady", allReady, readyReason),
      condition("PodScheduled", true),
    ],
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    ...(runtime.sandboxReady ? { podIP: runtime.podIP, podIPs: [{ ip: runtime.podIP }] } : {}),
    startTime: runtime.startTime,
    qosClass: String(field(previous, "qosClass") ?? "BestEffort"),
    ...(initSpecs.length
      ? {
          initContainerStatuses: initSpecs.map((spec, i) => {
            const c = initContainers[i];
            return c ? statusOf(runtime, c) : notCreated(spec, "PodInitializing");
          }),
        }
      : {}),
    containerStatuses: started
      ? containers.map((c) => statusOf(runtime, c))
      : asArray(field(pod, "spec", "containers")).map((spec) => notCreated(spec, waitingReason)),
  };
}

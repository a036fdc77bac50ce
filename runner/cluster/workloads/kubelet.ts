import type { ServerResponse } from "node:http";
import { mustFindByKind } from "../api/catalog.ts";
import { asArray, field, isJsonObject, type JsonObject, type KubeObject } from "../api/types.ts";
import type { ClusterTimings } from "../context.ts";
import type { Scheduler } from "../controllers/scheduler.ts";
import type { ObjectStore, StoreEvent } from "../store/store.ts";
import type { BehaviourRegistry, ContainerPlan } from "./behaviours.ts";
import { resolveEnv, workloadOf } from "./pod-identity.ts";
import type { Scripts } from "./scripts.ts";

const pods = mustFindByKind("v1", "Pod");
const NODE_NAME = "enclave-node";
const NODE_IP = "10.0.0.10";
const MAX_BACKOFF_MS = 300_000;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

type ContainerStateValue =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number;
        reason: string;
        message?: string;
        startedAt: string;
        finishedAt: string;
        containerID: string;
      };
    };

/** One simulated container: its current run, logs and who is following them. */
export interface ContainerRuntime {
  name: string;
  image: string;
  plan: ContainerPlan;
  state: ContainerStateValue;
  lastState: ContainerStateValue | Record<string, never>;
  ready: boolean;
  restartCount: number;
  logs: string[];
  previousLogs: string[];
  followers: Set<ServerResponse>;
  /** Set when the container has exited and will not be restarted. */
  done: boolean;
}

export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  podIP: string;
  startTime: string;
  containers: ContainerRuntime[];
}

export interface KubeletDeps {
  store: ObjectStore;
  scheduler: Scheduler;
  timings: ClusterTimings;
  behaviours: BehaviourRegistry;
  scripts: Scripts;
}

/**
 * The simulated node: runs each pod's containers as their behaviours (or scripts) say,
 * and reports status the way a kubelet does (phase, conditions, containerStatuses with
 * exit codes, reasons and termination messages, restarts with CrashLoopBackOff).
 */
export class Kubelet {
  readonly running = new Map<string, PodRuntime>();
  private readonly deps: KubeletDeps;
  private nextIp = 2;

  constructor(deps: KubeletDeps) {
    this.deps = deps;
    deps.store.subscribe((event) => this.onEvent(event));
  }

  /** Picks up pods that exist before the kubelet started (a restored state file). */
  resume(): void {
    for (const pod of this.deps.store.list(pods)) this.admit(pod);
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== pods) return;
    const uid = event.object.metadata.uid ?? "";
    if (event.type === "DELETED") {
      const runtime = this.running.get(uid);
      for (const container of runtime?.containers ?? []) this.endFollowers(container);
      this.running.delete(uid);
      return;
    }
    this.admit(event.object);
  }

  private admit(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? "";
    const phase = field(pod, "status", "phase");
    if (
      this.running.has(uid) ||
      pod.metadata.deletionTimestamp ||
      phase === "Succeeded" ||
      phase === "Failed"
    )
      return;
    const runtime: PodRuntime = {
      uid,
      namespace: pod.metadata.namespace ?? "",
      name: pod.metadata.name ?? "",
      podIP: `10.42.${Math.floor(this.nextIp / 250)}.${(this.nextIp % 250) + 2}`,
      startTime: now(),
      containers: [],
    };
    this.nextIp += 1;
    this.running.set(uid, runtime);
    this.writeStatus(runtime, { scheduled: true });
    this.deps.scheduler.after(this.deps.timings.podStartMs, () => this.startContainers(runtime));
  }

  private currentPod(runtime: PodRuntime): KubeObject | undefined {
    const pod = this.deps.store.get(pods, runtime.namespace, runtime.name);
    return pod?.metadata.uid === runtime.uid ? pod : undefined;
  }

  private startContainers(runtime: PodRuntime): void {
    const pod = this.currentPod(runtime);
    if (!pod) return;
    for (const spec of asArray(field(pod, "spec", "containers")).filter(isJsonObject)) {
      const container: ContainerRuntime = {
        name: String(spec.name ?? ""),
        image: String(spec.image ?? ""),
        plan: {},
        state: { waiting: { reason: "ContainerCreating" } },
        lastState: {},
        ready: false,
        restartCount: 0,
        logs: [],
        previousLogs: [],
        followers: new Set(),
        done: false,
      };
      runtime.containers.push(container);
      this.run(runtime, pod, spec, container);
    }
    this.writeStatus(runtime);
  }

  private run(
    runtime: PodRuntime,
    pod: KubeObject,
    spec: JsonObject,
    container: ContainerRuntime,
  ): void {
    const { store, scripts, behaviours, timings, scheduler } = this.deps;
    const workload = workloadOf(store, pod);
    container.plan =
      scripts.planFor(runtime.namespace, workload.name) ??
      behaviours.behaviourFor(spec)(pod, spec, {
        timings,
        restartCount: container.restartCount,
        workload: workload.name,
        isJob: workload.isJob,
        env: resolveEnv(store, pod, spec),
      });
    const startedAt = now();
    container.state = { running: { startedAt } };
    container.ready = false;
    if (container.plan.ready !== false) {
      scheduler.after(timings.podReadyMs, () => {
        if (!("running" in container.state)) return;
        container.ready = true;
        this.writeStatus(runtime);
      });
    }
    let elapsed = 0;
    for (const entry of container.plan.logs ?? []) {
      const line = typeof entry === "string" ? entry : entry.line;
      elapsed += typeof entry === "string" ? 0 : entry.delayMs;
      scheduler.after(elapsed, () => this.appendLog(container, line));
    }
    const exit = container.plan.exit;
    if (!exit) return;
    scheduler.after(elapsed + (exit.afterMs ?? 0), () => {
      if (!this.running.has(runtime.uid)) return;
      this.terminate(
        runtime,
        spec,
        container,
        exit.code,
        startedAt,
        exit.terminationMessage,
        exit.reason,
      );
    });
  }

  private appendLog(container: ContainerRuntime, line: string): void {
    container.logs.push(line);
    for (const follower of container.followers) follower.write(`${line}\n`);
  }

  private terminate(
    runtime: PodRuntime,
    spec: JsonObject,
    container: ContainerRuntime,
    exitCode: number,
    startedAt: string,
    message: string | undefined,
    reason: string | undefined,
  ): void {
    const pod = this.currentPod(runtime);
    if (!pod) return;
    container.ready = false;
    container.state = {
      terminated: {
        exitCode,
        reason: reason ?? (exitCode === 0 ? "Completed" : "Error"),
        ...(message ? { message } : {}),
        startedAt,
        finishedAt: now(),
        containerID: `containerd://${runtime.uid.replaceAll("-", "")}${container.restartCount}`,
      },
    };
    const policy = field(pod, "spec", "restartPolicy");
    const restarts = policy === "Always" || (policy === "OnFailure" && exitCode !== 0);
    if (!restarts) {
      container.done = true;
      this.endFollowers(container);
      this.writeStatus(runtime);
      return;
    }
    const backoff = Math.min(
      MAX_BACKOFF_MS,
      Math.max(this.deps.timings.crashLoopBackoffMs, 20) *
        2 ** Math.min(container.restartCount, 10),
    );
    this.writeStatus(runtime);
    container.lastState = container.state;
    container.state = {
      waiting: {
        reason: "CrashLoopBackOff",
        message: `back-off ${Math.round(backoff / 1000)}s restarting failed container=${container.name} pod=${runtime.name}`,
      },
    };
    this.writeStatus(runtime);
    this.deps.scheduler.after(backoff, () => {
      const current = this.currentPod(runtime);
      if (!current || !this.running.has(runtime.uid)) return;
      this.endFollowers(container);
      container.previousLogs = container.logs;
      container.logs = [];
      container.restartCount += 1;
      this.run(runtime, current, spec, container);
      this.writeStatus(runtime);
    });
  }

  endFollowers(container: ContainerRuntime): void {
    for (const follower of container.followers) follower.end();
    container.followers.clear();
  }

  private writeStatus(runtime: PodRuntime, options: { scheduled?: boolean } = {}): void {
    const pod = this.currentPod(runtime);
    if (!pod) return;
    const containers = runtime.containers;
    const started = containers.length > 0;
    const allReady = started && containers.every((c) => c.ready);
    const finished = started && containers.every((c) => c.done);
    const failed = containers.some(
      (c) => c.done && "terminated" in c.state && c.state.terminated.exitCode !== 0,
    );
    const phase = !started ? "Pending" : finished ? (failed ? "Failed" : "Succeeded") : "Running";
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
    pod.status = {
      ...previous,
      phase,
      conditions: [
        condition("PodReadyToStartContainers", started),
        condition("Initialized", true),
        condition("Ready", allReady, readyReason),
        condition("ContainersReady", allReady, readyReason),
        condition("PodScheduled", true),
      ],
      hostIP: NODE_IP,
      hostIPs: [{ ip: NODE_IP }],
      ...(started ? { podIP: runtime.podIP, podIPs: [{ ip: runtime.podIP }] } : {}),
      startTime: runtime.startTime,
      qosClass: field(previous, "qosClass") ?? "BestEffort",
      containerStatuses: started
        ? containers.map((c) => ({
            name: c.name,
            image: c.image,
            imageID: `${c.image.split(":")[0]}@sha256:${"0".repeat(64)}`,
            containerID: `containerd://${runtime.uid.replaceAll("-", "")}${c.restartCount}`,
            ready: c.ready,
            started: "running" in c.state,
            restartCount: c.restartCount,
            state: c.state,
            lastState: c.lastState,
          }))
        : asArray(field(pod, "spec", "containers")).map((c) => ({
            name: field(c, "name"),
            image: field(c, "image"),
            imageID: "",
            ready: false,
            started: false,
            restartCount: 0,
            state: { waiting: { reason: "ContainerCreating" } },
            lastState: {},
          })),
    };
    if (options.scheduled) (pod.spec as JsonObject).nodeName ??= NODE_NAME;
    this.deps.store.update(pods, pod);
  }
}

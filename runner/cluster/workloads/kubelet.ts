import { mustFindByKind } from "../api/catalog.ts";
import { asArray, field, isJsonObject, type JsonObject, type KubeObject } from "../api/types.ts";
import type { ClusterTimings } from "../context.ts";
import type { Scheduler } from "../controllers/scheduler.ts";
import type { ObjectStore, StoreEvent } from "../store/store.ts";
import type { BehaviourRegistry, ContainerPlan } from "./behaviours.ts";
import type { LogEntry } from "./container-log.ts";
import { resolveEnv, workloadOf } from "./pod-identity.ts";
import { podStatusOf } from "./pod-status.ts";
import type { Scripts } from "./scripts.ts";

const pods = mustFindByKind("v1", "Pod");
const NODE_NAME = "enclave-node";
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

/** Where a followed log goes; `end` closes the response. */
export interface LogFollower {
  write(entry: LogEntry): void;
  end(): void;
}

/** One simulated container: its current run, logs and who is following them. */
export interface ContainerRuntime {
  name: string;
  image: string;
  plan: ContainerPlan;
  state: ContainerStateValue;
  lastState: ContainerStateValue | Record<string, never>;
  ready: boolean;
  restartCount: number;
  logs: LogEntry[];
  previousLogs: LogEntry[];
  /** Open `follow` requests: each gets the lines written from now on, and ends when the run does. */
  followers: Set<LogFollower>;
  /** Set when the container has exited and will not be restarted. */
  done: boolean;
  /** An init container: runs to completion before the next one, and the app containers. */
  init: boolean;
}

export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  podIP: string;
  startTime: string;
  /** Set once the sandbox exists (pod IP assigned, containers may start). */
  sandboxReady: boolean;
  /** The init containers started so far, in spec order. */
  initContainers: ContainerRuntime[];
  containers: ContainerRuntime[];
}

/** Restored pods admitted per turn of the event loop. */
const RESUME_BATCH = 50;

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

  /**
   * Picks up pods that exist before the kubelet started (a restored state file), a batch at a
   * time after start-up, so a large state delays neither the API's readiness nor its answers.
   */
  resume(): void {
    const pending = this.deps.store.list(pods).map((pod) => pod.metadata);
    const nextBatch = () => {
      for (const { namespace, name = "" } of pending.splice(0, RESUME_BATCH)) {
        const pod = this.deps.store.get(pods, namespace, name);
        if (pod) this.admit(pod);
      }
      if (pending.length) this.deps.scheduler.after(0, nextBatch);
    };
    this.deps.scheduler.after(0, nextBatch);
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== pods) return;
    const uid = event.object.metadata.uid ?? "";
    if (event.type === "DELETED") {
      const runtime = this.running.get(uid);
      for (const container of [...(runtime?.initContainers ?? []), ...(runtime?.containers ?? [])])
        this.endFollowers(container);
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
      sandboxReady: false,
      initContainers: [],
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
    runtime.sandboxReady = true;
    this.startInitContainer(runtime, 0);
  }

  /** Init containers run one at a time, in order; the app containers once all exited 0. */
  private startInitContainer(runtime: PodRuntime, index: number): void {
    const pod = this.currentPod(runtime);
    if (!pod) return;
    const spec = asArray(field(pod, "spec", "initContainers")).filter(isJsonObject)[index];
    if (!spec) {
      this.startAppContainers(runtime, pod);
      return;
    }
    const container = newContainer(spec, true);
    runtime.initContainers.push(container);
    this.run(runtime, pod, spec, container);
    this.writeStatus(runtime);
  }

  private startAppContainers(runtime: PodRuntime, pod: KubeObject): void {
    for (const spec of asArray(field(pod, "spec", "containers")).filter(isJsonObject)) {
      const container = newContainer(spec, false);
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
    // Scripts decide a workload's outcome, which its app containers produce.
    container.plan =
      (container.init ? undefined : scripts.planFor(runtime.namespace, workload.name)) ??
      behaviours.behaviourFor(spec)(pod, spec, {
        timings,
        restartCount: container.restartCount,
        workload: workload.name,
        isJob: workload.isJob,
        initContainer: container.init,
        env: resolveEnv(store, pod, spec),
      });
    const startedAt = now();
    container.state = { running: { startedAt } };
    container.ready = false;
    let elapsed = 0;
    for (const entry of container.plan.logs ?? []) {
      const line = typeof entry === "string" ? entry : entry.line;
      elapsed += typeof entry === "string" ? 0 : entry.delayMs;
      scheduler.after(elapsed, () => this.writeLog(container, line));
    }
    // An init container is not ready while it runs: readiness is for app containers. Scheduled
    // after the first log lines, so a probe's line follows what the container wrote on start.
    if (container.plan.ready !== false && !container.init) {
      scheduler.after(timings.podReadyMs, () => {
        if (!("running" in container.state)) return;
        const probe = readinessProbeLine(spec);
        if (probe) this.writeLog(container, probe);
        container.ready = true;
        this.writeStatus(runtime);
      });
    }
    const work = container.plan.run;
    if (work) {
      work()
        .catch((error: unknown) => ({ code: 1, logs: [String(error)] }))
        .then(({ code, logs = [] }) => {
          if (!this.running.has(runtime.uid)) return;
          for (const line of logs) this.writeLog(container, line);
          this.terminate(runtime, spec, container, code, startedAt, undefined, undefined);
        });
      return;
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

  /** Appends a line to the container's current run, and to every open follow of it. */
  writeLog(container: ContainerRuntime, line: string): void {
    const entry = { atMs: Date.now(), line };
    container.logs.push(entry);
    for (const follower of container.followers) follower.write(entry);
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
    // A followed log ends with the run that wrote it, as the kubelet's does.
    this.endFollowers(container);
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
    // A pod's restartPolicy applies to init containers too, except that one that exited 0
    // is done whatever the policy, and the next one starts.
    const restarts = exitCode !== 0 ? policy !== "Never" : policy === "Always" && !container.init;
    if (!restarts) {
      container.done = true;
      container.ready = container.init && exitCode === 0;
      this.writeStatus(runtime);
      if (container.init && exitCode === 0)
        this.startInitContainer(runtime, runtime.initContainers.indexOf(container) + 1);
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
      container.previousLogs = container.logs;
      container.logs = [];
      container.restartCount += 1;
      this.run(runtime, current, spec, container);
      this.writeStatus(runtime);
    });
  }

  openFollows(): number {
    let open = 0;
    for (const runtime of this.running.values()) {
      for (const container of [...runtime.initContainers, ...runtime.containers])
        open += container.followers.size;
    }
    return open;
  }

  endFollowers(container: ContainerRuntime): void {
    for (const follower of container.followers) follower.end();
    container.followers.clear();
  }

  private writeStatus(runtime: PodRuntime, options: { scheduled?: boolean } = {}): void {
    const pod = this.currentPod(runtime);
    if (!pod) return;
    pod.status = podStatusOf(pod, runtime);
    if (options.scheduled) (pod.spec as JsonObject).nodeName ??= NODE_NAME;
    this.deps.store.update(pods, pod);
  }
}

function newContainer(spec: JsonObject, init: boolean): ContainerRuntime {
  return {
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
    init,
  };
}

/** What the simulated readiness probe reports when it first passes: the request it stands for. */
function readinessProbeLine(spec: JsonObject): string | undefined {
  const probe = field(spec, "readinessProbe");
  if (!isJsonObject(probe)) return undefined;
  const http = field(probe, "httpGet");
  if (isJsonObject(http)) {
    return `readiness probe: GET ${String(http.path ?? "/")} on port ${String(http.port ?? "")} answered 200 (simulated)`;
  }
  const tcp = field(probe, "tcpSocket");
  if (isJsonObject(tcp))
    return `readiness probe: TCP port ${String(tcp.port ?? "")} open (simulated)`;
  return "readiness probe passed (simulated)";
}

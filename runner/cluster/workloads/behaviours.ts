import { asArray, field, type JsonObject, type KubeObject } from "../api/types.ts";
import type { ClusterTimings } from "../context.ts";
import { simulatedShellScript } from "./shell-script.ts";

/** One log line, optionally delayed relative to the previous one. */
export type LogLine = string | { line: string; delayMs: number };

/** A request that reached a simulated container through the service (or pod) proxy. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ProxiedResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * What a simulated container does once started. Omit `exit` for a container that keeps
 * running (a server); give it for one that finishes (a build, a migration, a crash).
 */
export interface ContainerPlan {
  /** Written to the container log, in order; delays make a log stream over time. */
  logs?: LogLine[];
  /** How and when the container exits; `afterMs` counts from the start, after the logs. */
  exit?: { code: number; afterMs?: number; terminationMessage?: string; reason?: string };
  /** Whether a running container reports Ready (readiness probe passing). Default true. */
  ready?: boolean;
  /**
   * Real work the container does (a simulated backup's transfer to a real URL): it exits when
   * this settles, with its code and log lines, instead of after `exit`.
   */
  run?: () => Promise<{ code: number; logs?: string[] }>;
  /** Answers HTTP through the proxy. Default: 200 and a body saying it is simulated, for any path. */
  http?: (request: ProxiedRequest) => ProxiedResponse | Promise<ProxiedResponse>;
}

export interface BehaviourContext {
  timings: ClusterTimings;
  /** How many times this container restarted before this run. */
  restartCount: number;
  /** The pod's owner workload name: the Job, Deployment or StatefulSet, or the pod itself. */
  workload: string;
  /** Whether the pod belongs to a Job (whose containers are expected to finish). */
  isJob: boolean;
  /** Whether this is one of the pod's init containers (expected to finish, before the others). */
  initContainer: boolean;
  /** `envFrom` sources, then `env` entries (plain values and ones from Secrets and ConfigMaps). */
  env: Record<string, string>;
}

/**
 * Decides what a container does. Registered per image with
 * `cluster.behaviours.register({ image: /buildah/ }, behaviour)`.
 *
 * @example A build image that logs and reports a digest:
 * cluster.behaviours.register({ image: /buildah/ }, (pod, container, ctx) => ({
 *   logs: ["STEP 1/3: FROM node:22", { line: "COMMIT", delayMs: 100 }],
 *   exit: { code: 0, terminationMessage: JSON.stringify({ digest: "sha256:..." }) },
 * }));
 */
export type ContainerBehaviour = (
  pod: KubeObject,
  container: JsonObject,
  context: BehaviourContext,
) => ContainerPlan;

export interface ImageMatch {
  image: string | RegExp;
}

const matchesImage = (match: ImageMatch, image: string) =>
  typeof match.image === "string"
    ? image === match.image || image.split("@")[0]?.split(":")[0] === match.image
    : match.image.test(image);

/**
 * The default: a container whose command starts with `echo` prints its arguments and
 * exits 0; one whose command is a short script of `echo`, `true`, `false` and `exit N` (see
 * `simulatedShellScript`) logs its echoes and exits with its status; other init containers
 * exit 0; a Job's other containers complete after `jobRunMs`; everything else keeps running,
 * and logs the command it starts.
 */
export const defaultBehaviour: ContainerBehaviour = (_pod, container, context) => {
  const command = [...asArray(container.command), ...asArray(container.args)].map(String);
  if (command[0] === "echo" || (command[0]?.endsWith("/echo") ?? false)) {
    return { logs: [command.slice(1).join(" ")], exit: { code: 0 } };
  }
  const script = simulatedShellScript(command);
  if (script) return script;
  if (context.initContainer) return { exit: { code: 0 } };
  if (context.isJob) return { exit: { code: 0, afterMs: context.timings.jobRunMs } };
  return { logs: [startLine(container)] };
};

/** The first line of a simulated server: what it would run, since no process runs here. */
function startLine(container: JsonObject): string {
  const command = [...asArray(container.command), ...asArray(container.args)].map(String);
  const what = command.length > 0 ? command.join(" ") : "the image's default command";
  return `starting ${String(container.image ?? "")}: ${what} (simulated by the embedded cluster: no process runs)`;
}

export class BehaviourRegistry {
  private readonly entries: { match: ImageMatch; behaviour: ContainerBehaviour }[] = [];

  /** Registers a behaviour for an image (exact name, name without tag, or pattern); later registrations win. */
  register(match: ImageMatch, behaviour: ContainerBehaviour): void {
    this.entries.unshift({ match, behaviour });
  }

  behaviourFor(container: JsonObject): ContainerBehaviour {
    const image = String(field(container, "image") ?? "");
    return this.entries.find((e) => matchesImage(e.match, image))?.behaviour ?? defaultBehaviour;
  }
}

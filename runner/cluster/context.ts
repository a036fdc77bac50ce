import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeObject } from "./api/types.ts";
import type { UserInfo } from "./api/user.ts";
import type { ObjectStore } from "./store/store.ts";
import type { Writes } from "./verbs/writes.ts";

/** How long simulated things take. All zero in tests; a few seconds make a realistic demo. */
export interface ClusterTimings {
  /** Pending → containers started. */
  podStartMs: number;
  /** Started → Ready (readiness probe passing). */
  podReadyMs: number;
  /** How long a Job's container runs before it exits, unless its behaviour says otherwise. */
  jobRunMs: number;
  /** Delay before a crash-looping container restarts. */
  crashLoopBackoffMs: number;
  pvcBindMs: number;
  certificateIssueMs: number;
  /** Terminating namespace → contents removed and namespace gone. */
  namespaceFinalizeMs: number;
  /** Interval between watch bookmarks. */
  bookmarkIntervalMs: number;
}

export const testTimings: ClusterTimings = {
  podStartMs: 0,
  podReadyMs: 0,
  jobRunMs: 0,
  crashLoopBackoffMs: 0,
  pvcBindMs: 0,
  certificateIssueMs: 0,
  namespaceFinalizeMs: 0,
  bookmarkIntervalMs: 1000,
};

export const demoTimings: ClusterTimings = {
  podStartMs: 1500,
  podReadyMs: 1000,
  jobRunMs: 4000,
  crashLoopBackoffMs: 5000,
  pvcBindMs: 1000,
  certificateIssueMs: 3000,
  namespaceFinalizeMs: 1500,
  bookmarkIntervalMs: 60_000,
};

/** What the HTTP layer needs from the simulated nodes. */
export interface NodeRuntime {
  streamLogs(pod: KubeObject, options: LogOptions, res: ServerResponse): void;
  proxyToService(
    service: KubeObject,
    port: string | undefined,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void>;
  proxyToPod(
    pod: KubeObject,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void>;
}

export interface LogOptions {
  container: string | undefined;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines: number | undefined;
  /** Only lines written at or after this time (from `sinceSeconds` or `sinceTime`). */
  sinceMs: number | undefined;
  limitBytes: number | undefined;
}

export interface ClusterContext {
  store: ObjectStore;
  writes: Writes;
  timings: ClusterTimings;
  nodes: NodeRuntime;
  issueToken(
    namespace: string,
    serviceAccount: string,
    expirationSeconds: number,
    audiences: string[],
  ): { token: string; expirationTimestamp: string };
  authorize(user: UserInfo, attributes: AuthorizationAttributes): boolean;
}

export interface AuthorizationAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  /** For non-resource requests such as /version. */
  path?: string | undefined;
}

import type { KubernetesObject } from "@kubernetes/client-node";
import type { Kube } from "./client.ts";
import { KubeError, statusCode } from "./errors.ts";
import { collectionPath } from "./resources.ts";

/** The objects a wait currently sees, by name. */
export type Observed = ReadonlyMap<string, KubernetesObject>;

export interface WaitOptions<T> {
  apiVersion: string;
  kind: string;
  namespace?: string;
  /** Exactly one object (by name), or every object matching a label selector. */
  name?: string;
  labelSelector?: string;
  timeoutMs: number;
  /** Returns the result when the wait is over, undefined to keep waiting; throws to fail it. */
  check: (observed: Observed) => T | undefined;
  /** What timed out, for the error message. */
  describe: string;
  signal?: AbortSignal;
}

export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
    this.name = "WaitTimeoutError";
  }
}

const RECONNECT_BASE_MS = 50;
const RECONNECT_JITTER_MS = 200;

function isGone(object: unknown): boolean {
  return (
    typeof object === "object" &&
    object !== null &&
    (object as { kind?: unknown; code?: unknown }).kind === "Status" &&
    (object as { code?: unknown }).code === 410
  );
}

/**
 * Waits on objects with one list and one watch from the list's resourceVersion; a closed watch
 * resumes from the last version seen, an expired one (410) relists. Never polls.
 */
export function waitFor<T>(kube: Kube, options: WaitOptions<T>): Promise<T> {
  const selectors = {
    ...(options.name ? { fieldSelector: `metadata.name=${options.name}` } : {}),
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
  };
  const path = collectionPath(options.apiVersion, options.kind, options.namespace);

  return new Promise<T>((resolve, reject) => {
    const observed = new Map<string, KubernetesObject>();
    let settled = false;
    let controller: AbortController | undefined;
    let resourceVersion: string | undefined;
    let reconnect: NodeJS.Timeout | undefined;

    const finish = (error: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(reconnect);
      options.signal?.removeEventListener("abort", onAbort);
      controller?.abort();
      if (error === undefined) resolve(value as T);
      else reject(error);
    };
    const evaluate = () => {
      try {
        const result = options.check(observed);
        if (result !== undefined) finish(undefined, result);
      } catch (error) {
        finish(error);
      }
    };
    const onAbort = () => finish(options.signal?.reason ?? new Error("aborted"));
    const timer = setTimeout(
      () => finish(new WaitTimeoutError(options.describe, options.timeoutMs)),
      options.timeoutMs,
    );
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const relist = async () => {
      const list = await kube.list(options.apiVersion, options.kind, options.namespace, selectors);
      observed.clear();
      for (const item of list.items) {
        if (item.metadata?.name) observed.set(item.metadata.name, item);
      }
      resourceVersion = list.metadata?.resourceVersion;
      evaluate();
    };

    const startWatch = async (): Promise<void> => {
      if (settled) return;
      let expired = false;
      controller = await kube.watch(
        path,
        { ...selectors, resourceVersion, allowWatchBookmarks: true },
        (type, object) => {
          if (settled) return;
          if (type === "ERROR") {
            expired = isGone(object);
            return;
          }
          const item = object as KubernetesObject;
          if (item.metadata?.resourceVersion) resourceVersion = item.metadata.resourceVersion;
          if (type === "BOOKMARK" || !item.metadata?.name) return;
          if (type === "DELETED") observed.delete(item.metadata.name);
          else observed.set(item.metadata.name, item);
          evaluate();
        },
        (error) => {
          if (settled) return;
          const status = statusCode(error);
          if (status !== undefined && status >= 400 && status < 500 && status !== 410) {
            finish(new KubeError(`watch ${path}`, error));
            return;
          }
          if (expired || status === 410) resourceVersion = undefined;
          const delay = RECONNECT_BASE_MS + Math.random() * RECONNECT_JITTER_MS;
          reconnect = setTimeout(() => void resume(), delay);
        },
      );
    };

    const resume = async () => {
      try {
        if (resourceVersion === undefined) await relist();
        await startWatch();
      } catch (error) {
        finish(error);
      }
    };

    void resume();
  });
}

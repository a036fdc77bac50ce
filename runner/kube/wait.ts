import type { Kube } from "./client.ts";
import { KubeError, statusCode } from "./errors.ts";
import type { KubeObject } from "./objects.ts";

/** The objects a wait currently sees, by name. */
export type Observed<T extends KubeObject = KubeObject> = ReadonlyMap<string, T>;

export interface WaitOptions<T extends KubeObject, R> {
  apiVersion: T["apiVersion"];
  kind: T["kind"];
  namespace?: string;
  /** Exactly one object (by name), or every object matching a label selector. */
  name?: string;
  labelSelector?: string;
  timeoutMs: number;
  /** Returns the result when the wait is over, undefined to keep waiting; throws to fail it. */
  check: (observed: Observed<T>) => R | undefined;
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
/** A throttled watch (429) waits longer before it asks again. */
const THROTTLED_PAUSE_MS = 1_000;

/**
 * Waits on objects through an informer (one list, one watch from its resourceVersion; a closed
 * watch resumes, 410 Gone relists), checking after every change. Never polls. A watch the
 * server refuses (a 4xx other than 408 and 429) or a list that failed after its retries fails
 * the wait; anything else (throttling, a dropped connection, 5xx) starts the informer again
 * after a short jittered pause, a longer one when the server asked to slow down.
 */
export function waitFor<T extends KubeObject = KubeObject, R = true>(
  kube: Kube,
  options: WaitOptions<T, R>,
): Promise<R> {
  const selectors = {
    ...(options.name ? { fieldSelector: `metadata.name=${options.name}` } : {}),
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
  };

  return new Promise<R>((resolve, reject) => {
    const stop = new AbortController();
    let settled = false;
    let restart: NodeJS.Timeout | undefined;

    const informer = kube.informer(options.apiVersion, options.kind, options.namespace, selectors, {
      signal: stop.signal,
      onSynced: () => evaluate(),
    });
    const finish = (error: unknown, value?: R) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(restart);
      options.signal?.removeEventListener("abort", onAbort);
      stop.abort();
      void informer.stop();
      if (error === undefined) resolve(value as R);
      else reject(error);
    };
    function evaluate() {
      if (settled) return;
      const observed = new Map<string, T>();
      for (const object of informer.list()) {
        // The informer caches client-node's shape of the same JSON the caller's type describes.
        if (object.metadata?.name) observed.set(object.metadata.name, object as unknown as T);
      }
      try {
        const result = options.check(observed);
        if (result !== undefined) finish(undefined, result);
      } catch (error) {
        finish(error);
      }
    }
    const onAbort = () => finish(options.signal?.reason ?? new Error("aborted"));
    const timer = setTimeout(
      () => finish(new WaitTimeoutError(options.describe, options.timeoutMs)),
      options.timeoutMs,
    );
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const start = () => informer.start().catch((error: unknown) => finish(error));
    informer.on("change", evaluate);
    informer.on("error", (error?: unknown) => {
      if (settled) return;
      if (error instanceof KubeError) return finish(error);
      const status = statusCode(error);
      const passing = status === undefined || status === 408 || status === 429 || status >= 500;
      if (!passing) {
        return finish(
          new KubeError(`watch ${options.kind} in ${options.namespace ?? "the cluster"}`, error),
        );
      }
      const pause = status === 429 ? THROTTLED_PAUSE_MS : RECONNECT_BASE_MS;
      restart = setTimeout(start, pause + Math.random() * RECONNECT_JITTER_MS);
    });
    start();
  });
}

import type { Writable } from "node:stream";
import {
  ApiException,
  type Configuration,
  CoreV1Api,
  createConfiguration,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  KubernetesObjectApi,
  ListWatch,
  Log,
  type LogOptions,
  PatchStrategy,
  ServerConfiguration,
  type V1APIResource,
  Watch,
} from "@kubernetes/client-node";
import { FIELD_MANAGER } from "../manifests/labels.ts";
import { parseRetryAfter, type RetryPolicy, withRetry } from "../retry/retry.ts";
import { sleep } from "../retry/sleep.ts";
import { KubeError, statusCode } from "./errors.ts";
import type { KubeObject, Named, ObjectRef } from "./objects.ts";
import { forClientNodeSerializer } from "./reserved-field-names.ts";
import { collectionPath, knownResource } from "./resources.ts";
import { shareConnections } from "./shared-connections.ts";

/** Seeds discovery from the static table, so applies cost one request each. */
class KnownKindsObjectApi extends KubernetesObjectApi {
  protected override async resource(
    apiVersion: string,
    kind: string,
    options?: Configuration,
  ): Promise<V1APIResource | undefined> {
    return knownResource(apiVersion, kind) ?? super.resource(apiVersion, kind, options);
  }
}

/**
 * The watch a ListWatch opens after each (re)list or reconnect: first tells the wait that the
 * cache is in sync (which may end it), then opens, counted, unless the wait is over. A wait
 * that ends while its watch is still connecting closes the watch once it is open: ListWatch
 * learns of a watch only then, so its stop() misses one still connecting, which then kept a
 * connection and a watch on the API server until it had been quiet for 30 s (client-node's
 * idle timeout). The health stage stops its pod watch that way when a rollout is quick.
 */
class SyncedWatch extends Watch {
  readonly #hooks: { synced: () => void; opened: () => void };
  readonly #signal: AbortSignal;
  constructor(
    config: KubeConfig,
    hooks: { synced: () => void; opened: () => void },
    signal: AbortSignal,
  ) {
    super(config);
    this.#hooks = hooks;
    this.#signal = signal;
  }

  override async watch(...args: Parameters<Watch["watch"]>): Promise<AbortController> {
    this.#hooks.synced();
    if (this.#signal.aborted) return new AbortController();
    this.#hooks.opened();
    const controller = await super.watch(...args);
    if (this.#signal.aborted) controller.abort();
    return controller;
  }
}

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

export type KubeVerb = "apply" | "get" | "delete" | "list" | "watch" | "log" | "proxy";

export interface KubeOptions {
  /** True when the runner runs inside the cluster and can reach Services directly. */
  inCluster: boolean;
  onRequest?: (verb: KubeVerb) => void;
  /** Retries of transient API failures (429, 5xx, dropped connections); every call is idempotent. */
  retry?: RetryPolicy;
  /** A request without an answer this long is abandoned (and retried): a hung API server must not hang a job. */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

// Eight tries span about ten seconds: an API server that throttles or restarts for that long
// (or fails one request in five) slows a job down instead of failing it.
const DEFAULT_RETRY = { attempts: 8, baseMs: 100, maxMs: 5_000 };

/** Worth another try: throttling, server trouble, or no answer at all. */
function isTransient(error: unknown): boolean {
  const status = statusCode(error);
  if (status === undefined) return true;
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

const describe = (ref: ObjectRef) =>
  `${ref.kind} ${ref.metadata.namespace ? `${ref.metadata.namespace}/` : ""}${ref.metadata.name}`;

/**
 * The runner's only door to the cluster: server-side apply with one field manager, deletes
 * where 404 means done, typed reads, and the informers, log streams and proxy calls the waits
 * are built on.
 */
export class Kube {
  readonly config: KubeConfig;
  readonly inCluster: boolean;
  readonly #objects: KubernetesObjectApi;
  readonly #core: CoreV1Api;
  readonly #log: Log;
  readonly #onRequest: (verb: KubeVerb) => void;
  readonly #retry: RetryPolicy;

  constructor(config: KubeConfig, options: KubeOptions) {
    shareConnections(config);
    this.config = config;
    this.inCluster = options.inCluster;
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error("the kubeconfig has no current cluster");
    const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: config },
      promiseMiddleware: [
        {
          pre: async (context) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return context;
          },
          post: async (context) => context,
        },
      ],
    });
    this.#objects = new KnownKindsObjectApi(configuration);
    this.#core = new CoreV1Api(configuration);
    this.#log = new Log(config);
    this.#onRequest = options.onRequest ?? (() => {});
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  #call<T>(verb: KubeVerb, request: () => Promise<T>): Promise<T> {
    return withRetry(
      () => {
        this.#onRequest(verb);
        return request();
      },
      {
        policy: this.#retry,
        retryable: isTransient,
        retryAfterMs: (error) =>
          error instanceof ApiException ? parseRetryAfter(error.headers["retry-after"]) : undefined,
      },
    );
  }

  /**
   * Server-side apply; answers with the object as the server now has it, typed like what was
   * applied. (client-node declares its own shapes of the same JSON, hence the one conversion.)
   * Another `fieldManager` owns only the fields it applies, so a partial manifest (a replica
   * count) changes those and leaves the runner's own fields alone.
   */
  async apply<T extends KubeObject>(
    manifest: Named<T>,
    options: { fieldManager?: string } = {},
  ): Promise<Named<T>> {
    try {
      return await this.#call(
        "apply",
        async () =>
          (await this.#objects.patch(
            forClientNodeSerializer(structuredClone(manifest)) as KubernetesObject,
            undefined,
            undefined,
            options.fieldManager ?? FIELD_MANAGER,
            true,
            PatchStrategy.ServerSideApply,
          )) as unknown as Named<T>,
      );
    } catch (error) {
      throw new KubeError(`apply ${describe(manifest)}`, error);
    }
  }

  /** The object, or null when it does not exist. */
  async read<T extends KubeObject>(ref: ObjectRef<T>): Promise<Named<T> | null> {
    try {
      return await this.#call(
        "get",
        async () => (await this.#objects.read(structuredClone(ref))) as unknown as Named<T>,
      );
    } catch (error) {
      if (statusCode(error) === 404) return null;
      throw new KubeError(`read ${describe(ref)}`, error);
    }
  }

  /** Deletes in the background; true when something was there to delete. */
  async remove(ref: ObjectRef): Promise<boolean> {
    try {
      await this.#call("delete", () =>
        this.#objects.delete(
          structuredClone(ref) as KubernetesObject,
          undefined,
          undefined,
          undefined,
          undefined,
          "Background",
        ),
      );
      return true;
    } catch (error) {
      if (statusCode(error) === 404) return false;
      throw new KubeError(`delete ${describe(ref)}`, error);
    }
  }

  /** Every object of a kind in a namespace (or the cluster) that the selectors match. */
  async list<T extends KubeObject>(
    apiVersion: T["apiVersion"],
    kind: T["kind"],
    namespace: string | undefined,
    selectors: Selectors = {},
  ): Promise<Named<T>[]> {
    const list = await this.#list(apiVersion, kind, namespace, selectors);
    return list.items as unknown as Named<T>[];
  }

  async #list(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    selectors: Selectors,
  ): Promise<KubernetesListObject<KubernetesObject>> {
    try {
      return await this.#call("list", () =>
        this.#objects.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          selectors.fieldSelector,
          selectors.labelSelector,
        ),
      );
    } catch (error) {
      throw new KubeError(`list ${kind} in ${namespace ?? "the cluster"}`, error);
    }
  }

  /**
   * client-node's ListWatch over the objects of a kind: one list, then a watch from the list's
   * resourceVersion; a closed watch resumes where it stopped, a 410 Gone relists. Created
   * stopped; `onSynced` runs whenever a watch opens, when the cache matches the server (a list
   * that finds nothing changes the cache without an event). Nothing opens once `signal` aborts.
   */
  informer(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    selectors: Selectors,
    options: { signal: AbortSignal; onSynced: () => void },
  ): ListWatch<KubernetesObject> {
    const watch = new SyncedWatch(
      this.config,
      { synced: options.onSynced, opened: () => this.#onRequest("watch") },
      options.signal,
    );
    return new ListWatch(
      collectionPath(apiVersion, kind, namespace),
      watch,
      () => this.#list(apiVersion, kind, namespace, selectors),
      false,
      selectors.labelSelector,
      selectors.fieldSelector,
      { delayFn: (ms) => sleep(ms, options.signal) },
    );
  }

  /**
   * Pipes a container's log into `out` (which ends with it); with `follow`, until the
   * container exits. Abort through the returned controller.
   */
  async streamLog(
    namespace: string,
    pod: string,
    container: string,
    out: Writable,
    options: LogOptions = {},
  ): Promise<AbortController> {
    this.#onRequest("log");
    try {
      return await this.#log.log(namespace, pod, container, out, options);
    } catch (error) {
      throw new KubeError(`logs of ${namespace}/${pod}/${container}`, error);
    }
  }

  /** GET through the API server's service proxy; resolves with the body of a 2xx answer. */
  async proxyGet(namespace: string, service: string, port: number, path: string): Promise<string> {
    try {
      return await this.#call("proxy", () =>
        this.#core.connectGetNamespacedServiceProxyWithPath({
          namespace,
          name: `${service}:${port}`,
          path: path.replace(/^\//, ""),
        }),
      );
    } catch (error) {
      throw new KubeError(`GET ${path} on service ${namespace}/${service}`, error);
    }
  }
}

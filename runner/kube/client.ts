import type { Writable } from "node:stream";
import {
  type Configuration,
  CoreV1Api,
  createConfiguration,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  KubernetesObjectApi,
  Log,
  PatchStrategy,
  ServerConfiguration,
  type V1APIResource,
  Watch,
} from "@kubernetes/client-node";
import { FIELD_MANAGER, type Manifest } from "../manifests/labels.ts";
import { backoffDelay, sleep } from "../retry/backoff.ts";
import { KubeError, statusCode } from "./errors.ts";
import { knownResource } from "./resources.ts";

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

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

export type KubeVerb = "apply" | "get" | "delete" | "list" | "watch" | "log" | "proxy";

export interface KubeOptions {
  /** True when the runner runs inside the cluster and can reach Services directly. */
  inCluster: boolean;
  onRequest?: (verb: KubeVerb) => void;
  /** Retries of transient API failures (429, 5xx, dropped connections); every call is idempotent. */
  retry?: { attempts: number; baseMs: number; maxMs: number };
  /** A request without an answer this long is abandoned (and retried): a hung API server must not hang a job. */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const DEFAULT_RETRY = { attempts: 5, baseMs: 100, maxMs: 5_000 };

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
 * where 404 means done, and the raw watch/log/proxy calls the waits are built on.
 */
export class Kube {
  readonly config: KubeConfig;
  readonly inCluster: boolean;
  readonly #objects: KubernetesObjectApi;
  readonly #core: CoreV1Api;
  readonly #watch: Watch;
  readonly #log: Log;
  readonly #onRequest: (verb: KubeVerb) => void;
  readonly #retry: { attempts: number; baseMs: number; maxMs: number };

  constructor(config: KubeConfig, options: KubeOptions) {
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
    this.#watch = new Watch(config);
    this.#log = new Log(config);
    this.#onRequest = options.onRequest ?? (() => {});
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  async #call<T>(verb: KubeVerb, request: () => Promise<T>): Promise<T> {
    for (let failures = 1; ; failures++) {
      this.#onRequest(verb);
      try {
        return await request();
      } catch (error) {
        if (!isTransient(error) || failures >= this.#retry.attempts) throw error;
        await sleep(backoffDelay(this.#retry, failures));
      }
    }
  }

  async apply(manifest: Manifest): Promise<KubernetesObject> {
    try {
      return await this.#call("apply", () =>
        this.#objects.patch(
          structuredClone(manifest) as KubernetesObject,
          undefined,
          undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
    } catch (error) {
      throw new KubeError(`apply ${describe(manifest)}`, error);
    }
  }

  /** The object, or null when it does not exist. */
  async read(ref: ObjectRef): Promise<KubernetesObject | null> {
    try {
      return await this.#call("get", () => this.#objects.read(structuredClone(ref)));
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

  async list(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    selectors: { labelSelector?: string; fieldSelector?: string } = {},
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

  watch(
    path: string,
    query: Record<string, string | boolean | undefined>,
    onEvent: (type: string, object: unknown) => void,
    onDone: (error: unknown) => void,
  ): Promise<AbortController> {
    this.#onRequest("watch");
    return this.#watch.watch(path, query, onEvent, onDone);
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
    options: { follow?: boolean; tailLines?: number; previous?: boolean } = {},
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

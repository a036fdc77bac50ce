import type { IncomingMessage, ServerResponse } from "node:http";
import { mustFindByKind } from "../api/catalog.ts";
import { ApiError, badRequest } from "../api/errors.ts";
import { matchesSelectorObject } from "../api/selectors.ts";
import { asArray, field, type KubeObject } from "../api/types.ts";
import type { LogOptions, NodeRuntime } from "../context.ts";
import { readBody, sendJson } from "../server/body.ts";
import type { ObjectStore } from "../store/store.ts";
import type { ProxiedResponse } from "./behaviours.ts";
import { formatLogEntry, type LogEntry, selectLogEntries } from "./container-log.ts";
import type { ContainerRuntime, Kubelet, PodRuntime } from "./kubelet.ts";
import type { Scripts } from "./scripts.ts";

const pods = mustFindByKind("v1", "Pod");

/** Marks every answer of a simulated container: no app process runs behind the proxy. */
export const SIMULATED_HEADER = "X-Enclave-Simulated";
export const SIMULATED_ANSWER =
  "ok (simulated by the embedded cluster: no container runs locally, so this is not your app's answer)";

function send(res: ServerResponse, answer: ProxiedResponse): void {
  res.writeHead(answer.status, {
    "Content-Type": "text/plain; charset=utf-8",
    ...answer.headers,
    [SIMULATED_HEADER]: "embedded-cluster",
  });
  res.end(answer.body ?? "");
}

/** Logs and the proxy subresources, served from the simulated containers. */
export class SimulatedNodes implements NodeRuntime {
  private readonly store: ObjectStore;
  private readonly kubelet: Kubelet;
  private readonly scripts: Scripts;

  constructor(store: ObjectStore, kubelet: Kubelet, scripts: Scripts) {
    this.store = store;
    this.kubelet = kubelet;
    this.scripts = scripts;
  }

  streamLogs(pod: KubeObject, options: LogOptions, res: ServerResponse): void {
    const names = asArray(field(pod, "spec", "containers")).map((c) => String(field(c, "name")));
    const initNames = asArray(field(pod, "spec", "initContainers")).map((c) =>
      String(field(c, "name")),
    );
    const name = options.container ?? (names.length === 1 ? names[0] : undefined);
    if (!name) {
      throw badRequest(
        `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(" ")}]${initNames.length ? ` or one of the init containers: [${initNames.join(" ")}]` : ""}`,
      );
    }
    if (!names.includes(name) && !initNames.includes(name))
      throw badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`);
    const runtime = this.kubelet.running.get(pod.metadata.uid ?? "");
    const container = [...(runtime?.initContainers ?? []), ...(runtime?.containers ?? [])].find(
      (c) => c.name === name,
    );
    if (!container) {
      const status = [
        ...asArray(field(pod, "status", "initContainerStatuses")),
        ...asArray(field(pod, "status", "containerStatuses")),
      ].find((s) => field(s, "name") === name);
      throw badRequest(
        `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${String(field(status, "state", "waiting", "reason") ?? "ContainerCreating")}`,
      );
    }
    if (options.previous && container.restartCount === 0) {
      throw badRequest(
        `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`,
      );
    }
    const entries = selectLogEntries(
      options.previous ? container.previousLogs : container.logs,
      options,
    );
    res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
    let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
    /** Writes within limitBytes; false once the limit is reached and the answer has ended. */
    const writeEntry = (entry: LogEntry): boolean => {
      const text = Buffer.from(formatLogEntry(entry, options.timestamps));
      if (text.length >= budget) {
        res.end(text.subarray(0, budget));
        return false;
      }
      budget -= text.length;
      res.write(text);
      return true;
    };
    for (const entry of entries) if (!writeEntry(entry)) return;
    const running = "running" in container.state && !container.done;
    if (!options.follow || options.previous || !running) {
      res.end();
      return;
    }
    const follower = {
      write: (entry: LogEntry) => {
        if (!writeEntry(entry)) container.followers.delete(follower);
      },
      end: () => res.end(),
    };
    container.followers.add(follower);
    res.on("close", () => container.followers.delete(follower));
  }

  async proxyToService(
    service: KubeObject,
    port: string | undefined,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const namespace = service.metadata.namespace ?? "";
    const serviceName = service.metadata.name ?? "";
    const scripted = this.scripts.httpFor(namespace, serviceName, path);
    if (scripted) {
      send(res, scripted);
      return;
    }
    const selector = field(service, "spec", "selector") as Record<string, string> | undefined;
    const ready = this.store
      .list(pods, namespace)
      .filter(
        (pod) => selector && matchesSelectorObject({ matchLabels: selector }, pod.metadata.labels),
      )
      .filter((pod) =>
        asArray(field(pod, "status", "conditions")).some(
          (c) => field(c, "type") === "Ready" && field(c, "status") === "True",
        ),
      );
    const target = ready[0];
    if (!target) {
      throw new ApiError(
        503,
        "ServiceUnavailable",
        `no endpoints available for service "${serviceName}"`,
      );
    }
    const servicePort = asArray(field(service, "spec", "ports")).find(
      (p) => port === undefined || String(field(p, "port")) === port || field(p, "name") === port,
    );
    await this.answerFromPod(target, field(servicePort, "targetPort"), path, req, res);
  }

  async proxyToPod(
    pod: KubeObject,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    await this.answerFromPod(pod, undefined, path, req, res);
  }

  private async answerFromPod(
    pod: KubeObject,
    targetPort: unknown,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const runtime: PodRuntime | undefined = this.kubelet.running.get(pod.metadata.uid ?? "");
    const specs = asArray(field(pod, "spec", "containers"));
    const spec =
      specs.find((c) =>
        asArray(field(c, "ports")).some(
          (p) => field(p, "containerPort") === targetPort || field(p, "name") === targetPort,
        ),
      ) ?? specs[0];
    const container: ContainerRuntime | undefined = runtime?.containers.find(
      (c) => c.name === field(spec, "name"),
    );
    if (!container || !("running" in container.state)) {
      sendJson(
        res,
        503,
        new ApiError(
          503,
          "ServiceUnavailable",
          `error trying to reach service: dial tcp ${runtime?.podIP ?? ""}: connect: connection refused`,
        ).toStatus(),
      );
      return;
    }
    const query = req.url?.includes("?") ? `?${req.url.split("?")[1]}` : "";
    const method = req.method ?? "GET";
    const answer = container.plan.http
      ? await container.plan.http({
          method,
          path: `${path}${query}`,
          headers: req.headers,
          body: await readBody(req),
        })
      : { status: 200, body: SIMULATED_ANSWER };
    // The container's log shows each request it answered, as an app's access log would.
    this.kubelet.writeLog(container, `${method} ${path}${query} ${answer.status} (simulated)`);
    send(res, answer);
  }
}

import type { IPod } from "kubernetes-models/v1";
import type { RuntimeLogLine } from "../../worker/contracts/index.ts";
import type { Kube } from "../kube/client.ts";
import { workloadSelector } from "../manifests/labels.ts";
import { PodLines } from "./pod-lines.ts";

/** The container of a service's pods that runs the app (see manifests/workload.ts). */
const APP_CONTAINER = "app";

export interface RuntimeLogsRequest {
  namespace: string;
  service: string;
  tail?: number | undefined;
  sinceSeconds?: number | undefined;
}

/** The pods of a service right now, oldest first, so their lines merge in a stable order. */
async function servicePods(kube: Kube, request: RuntimeLogsRequest): Promise<string[]> {
  const selector = workloadSelector(request.service, "app");
  const pods = await kube.list<IPod>("v1", "Pod", request.namespace, {
    labelSelector: Object.entries(selector)
      .map(([key, value]) => `${key}=${value}`)
      .join(","),
  });
  return pods
    .sort((a, b) =>
      String(a.metadata.creationTimestamp ?? "").localeCompare(
        String(b.metadata.creationTimestamp ?? ""),
      ),
    )
    .map((pod) => pod.metadata.name ?? "");
}

const logOptions = (request: RuntimeLogsRequest, follow: boolean) => ({
  follow,
  timestamps: true,
  ...(request.tail === undefined ? {} : { tailLines: request.tail }),
  ...(request.sinceSeconds === undefined ? {} : { sinceSeconds: request.sinceSeconds }),
});

/** Reads one pod's log to its end; a pod whose container has not started yet has none. */
function readPod(kube: Kube, namespace: string, pod: string, request: RuntimeLogsRequest) {
  const lines: RuntimeLogLine[] = [];
  const sink = new PodLines(pod, (line) => lines.push(line));
  const finished = new Promise<void>((resolve) => sink.on("finish", resolve));
  return kube
    .streamLog(namespace, pod, APP_CONTAINER, sink, logOptions(request, false))
    .then(() => finished)
    .then(
      () => lines,
      () => [] as RuntimeLogLine[],
    );
}

/**
 * Every pod's lines of a service, merged by time: the last `tail` lines of each pod, then the
 * last `tail` of them all, so the answer is the service's latest lines whatever its replicas.
 */
export async function readRuntimeLogs(
  kube: Kube,
  request: RuntimeLogsRequest,
): Promise<RuntimeLogLine[]> {
  const pods = await servicePods(kube, request);
  const perPod = await Promise.all(
    pods.map((pod) => readPod(kube, request.namespace, pod, request)),
  );
  const merged = perPod.flat().sort((a, b) => a.at.localeCompare(b.at));
  return request.tail === undefined ? merged : merged.slice(-request.tail);
}

/**
 * Follows every pod of the service, handing each line to `onLine` as it arrives. Resolves
 * when every pod's stream has ended (its container exited or the pod went); aborting `signal`
 * closes them all, so nothing keeps reading once the client is gone.
 */
export async function followRuntimeLogs(
  kube: Kube,
  request: RuntimeLogsRequest,
  onLine: (line: RuntimeLogLine) => void,
  signal: AbortSignal,
): Promise<void> {
  const pods = await servicePods(kube, request);
  const streams = pods.map(async (pod) => {
    const sink = new PodLines(pod, onLine);
    const ended = new Promise<void>((resolve) => {
      sink.on("finish", resolve);
      sink.on("error", () => resolve());
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    if (signal.aborted) return;
    const controller = await kube
      .streamLog(request.namespace, pod, APP_CONTAINER, sink, logOptions(request, true))
      .catch(() => undefined);
    if (!controller) return;
    const stop = () => controller.abort();
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
    await ended;
    signal.removeEventListener("abort", stop);
  });
  await Promise.all(streams);
}

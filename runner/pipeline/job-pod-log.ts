import type { IPod } from "kubernetes-models/v1";
import type { Stage } from "../../worker/contracts/index.ts";
import { type Observed, waitFor } from "../kube/wait.ts";
import { sleep } from "../retry/sleep.ts";
import type { JobContext } from "./context.ts";
import { LogLines } from "./log-lines.ts";

/** How many of the container's last lines a failure message quotes. */
export const FAILURE_LOG_LINES = 20;
const LOG_DRAIN_MS = 5_000;

export interface JobPodWatch<T> {
  stage: Stage;
  service: string;
  /** The container whose log becomes progress lines. */
  container: string;
  namespace: string;
  labelSelector: string;
  /** The Job's uid: pods of an earlier Job by the same name may linger while they are collected. */
  jobUid: string;
  timeoutMs: number;
  describe: string;
  /** The Job's end as its pod shows it; undefined while it runs. */
  outcomeOf: (pod: IPod) => T | undefined;
}

/**
 * Waits for a Job's pod to end while its container's log streams as progress lines, and
 * returns the outcome with the log's last lines (for a failure message).
 */
export async function followJobPod<T>(
  ctx: JobContext,
  watch: JobPodWatch<T>,
): Promise<{ outcome: T; tail: string[] }> {
  const { kube } = ctx.deps;
  const { stage, service, container, namespace } = watch;
  const lines = new LogLines(ctx.reporter, stage, { service, container }, FAILURE_LOG_LINES);
  const linesDone = new Promise<void>((resolve) => lines.on("finish", resolve));
  let streaming: Promise<unknown> | undefined;
  let logStream: AbortController | undefined;
  const follow = (pod: string) => {
    streaming ??= kube
      .streamLog(namespace, pod, container, lines, { follow: true })
      .then((controller) => {
        logStream = controller;
        return linesDone;
      })
      .catch((error: unknown) => ctx.log(stage, `${service}: log stream ended: ${String(error)}`));
  };

  const outcome = await waitFor(kube, {
    apiVersion: "v1",
    kind: "Pod",
    namespace,
    labelSelector: watch.labelSelector,
    timeoutMs: watch.timeoutMs,
    describe: watch.describe,
    signal: ctx.signal,
    check: (pods: Observed<IPod>) => {
      for (const pod of pods.values()) {
        if (!pod.metadata?.ownerReferences?.some((owner) => owner.uid === watch.jobUid)) continue;
        const status = pod.status?.containerStatuses?.find((s) => s.name === container);
        if ((status?.state?.running || status?.state?.terminated) && pod.metadata?.name) {
          follow(pod.metadata.name);
        }
        const done = watch.outcomeOf(pod);
        if (done) return done;
      }
      return undefined;
    },
  }).catch((error: unknown) => {
    logStream?.abort();
    throw error;
  });
  // The container has exited, so its log ends; bounded in case the stream does not notice.
  await Promise.race([streaming, sleep(LOG_DRAIN_MS)]);
  logStream?.abort();
  return { outcome, tail: lines.tail };
}

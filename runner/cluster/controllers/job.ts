import { mustFindByKind } from "../api/catalog.ts";
import { asArray, asObject, field, type JsonObject } from "../api/types.ts";
import { type ControllerDeps, controllerWrite, splitKey, watchTypes } from "./deps.ts";
import {
  conditionOf,
  errorMessage,
  isPodActive,
  isPodReady,
  now,
  ownedBy,
  podPhase,
  randomSuffix,
  recordEvent,
  setCondition,
  writeStatus,
} from "./helpers.ts";
import { podFromTemplate } from "./replicaset.ts";
import { WorkQueue } from "./scheduler.ts";

const jobs = mustFindByKind("batch/v1", "Job");
const pods = mustFindByKind("v1", "Pod");

const restarts = (pod: unknown) =>
  [
    ...asArray(field(pod, "status", "initContainerStatuses")),
    ...asArray(field(pod, "status", "containerStatuses")),
  ].reduce<number>((n, s) => n + Number(field(s, "restartCount") ?? 0), 0);

const COMPLETED = "Reached expected number of succeeded pods";
const BACKOFF_LIMIT_REACHED = "Job has reached the specified backoff limit";

/**
 * A finished Job carries the interim condition (SuccessCriteriaMet, FailureTarget) and the final
 * one, as on a real cluster, so clients waiting on either see it.
 */
const finish = (status: JsonObject, types: string[], reason: string, message: string) => {
  for (const type of types) setCondition(status, { type, status: "True", reason, message });
};

/**
 * Job controller: runs pods until `completions` succeed (Complete) or failures exceed
 * `backoffLimit` (Failed, BackoffLimitExceeded). With restartPolicy OnFailure, container
 * restarts (init containers' too) count as failures, as on a real cluster.
 */
export function startJobController(deps: ControllerDeps): void {
  const queue: WorkQueue = new WorkQueue(deps.scheduler, async (key) => {
    const [namespace, name] = splitKey(key);
    const job = deps.store.get(jobs, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const done = ["Complete", "Failed"].some(
      (type) => field(conditionOf(job, type), "status") === "True",
    );
    if (done || field(job, "spec", "suspend") === true) return;
    const owned = deps.store.list(pods, namespace).filter(ownedBy(job));
    const succeeded = owned.filter((p) => podPhase(p) === "Succeeded").length;
    const failedPods = owned.filter((p) => podPhase(p) === "Failed").length;
    const active = owned.filter(isPodActive);
    const onFailure = field(job, "spec", "template", "spec", "restartPolicy") === "OnFailure";
    const failed = failedPods + (onFailure ? active.reduce((n, p) => n + restarts(p), 0) : 0);
    const completions = Number(field(job, "spec", "completions") ?? 1);
    const backoffLimit = Number(field(job, "spec", "backoffLimit") ?? 6);
    const status: JsonObject = { ...asObject(job.status) };
    status.startTime ??= now();
    const at = now();
    if (succeeded >= completions) {
      finish(status, ["SuccessCriteriaMet", "Complete"], "CompletionsReached", COMPLETED);
      status.completionTime = at;
      recordEvent(deps.store, job, "Normal", "Completed", "Job completed");
    } else if (failed > backoffLimit) {
      for (const pod of active) deps.store.remove(pods, namespace, pod.metadata.name ?? "");
      active.length = 0;
      finish(status, ["FailureTarget", "Failed"], "BackoffLimitExceeded", BACKOFF_LIMIT_REACHED);
      recordEvent(deps.store, job, "Warning", "BackoffLimitExceeded", BACKOFF_LIMIT_REACHED);
    } else {
      const parallelism = Number(field(job, "spec", "parallelism") ?? 1);
      const wanted = Math.min(parallelism, completions - succeeded) - active.length;
      for (let i = 0; i < wanted; i += 1) {
        try {
          const pod = podFromTemplate(job, `${name}-${randomSuffix()}`);
          active.push(await deps.writes.create(pods, pod, controllerWrite("job-controller")));
          recordEvent(
            deps.store,
            job,
            "Normal",
            "SuccessfulCreate",
            `Created pod: ${pod.metadata.name}`,
          );
        } catch (error) {
          recordEvent(
            deps.store,
            job,
            "Warning",
            "FailedCreate",
            `Error creating: ${errorMessage(error)}`,
          );
          queue.add(key, 1000);
          break;
        }
      }
    }
    Object.assign(status, {
      active: active.length,
      ready: active.filter(isPodReady).length,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    if (succeeded) status.succeeded = succeeded;
    if (failed) status.failed = failed;
    if (status.active === 0) delete status.active;
    writeStatus(deps.store, job, status);
  });
  watchTypes(deps, jobs, (key) => queue.add(key), [pods]);
}

import type { ICronJob } from "kubernetes-models/batch/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { tenantLabels, tenantNamespace, workloadSelector } from "./labels.ts";
import { tenantPodSettings } from "./security.ts";
import {
  appContainer,
  appPodMetadata,
  appPodPlacement,
  secretEnvRefs,
  siblingUrlEnv,
  type WorkloadInput,
} from "./workload.ts";

/** Finished runs kept for `kubectl logs`, and how long a missed start may still run. */
const SUCCESSFUL_JOBS_KEPT = 3;
const FAILED_JOBS_KEPT = 3;
const STARTING_DEADLINE_SECONDS = 300;
/** A run that fails is retried this often before the Job counts as failed. */
const BACKOFF_LIMIT = 2;

/**
 * A cron service: a CronJob whose pods run like every tenant workload (restricted, no token,
 * the plan's resources and isolation tier, the same env Secret and sibling URLs) and exit
 * when done.
 */
export function cronJobManifest(spec: DeploymentSpec, input: WorkloadInput): Named<ICronJob> {
  const { service } = input;
  if (!service.schedule) throw new Error(`cron service ${service.name} has no schedule`);
  const selector = workloadSelector(service.name, "app");
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: {
      name: service.name,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...selector },
    },
    spec: {
      schedule: service.schedule,
      timeZone: "Etc/UTC",
      concurrencyPolicy: service.concurrencyPolicy ?? "Forbid",
      startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
      successfulJobsHistoryLimit: SUCCESSFUL_JOBS_KEPT,
      failedJobsHistoryLimit: FAILED_JOBS_KEPT,
      jobTemplate: {
        metadata: { labels: { ...tenantLabels(spec), ...selector } },
        spec: {
          backoffLimit: BACKOFF_LIMIT,
          template: {
            metadata: appPodMetadata(spec, input, selector),
            spec: {
              ...tenantPodSettings(),
              ...appPodPlacement(spec, input),
              restartPolicy: "Never",
              containers: [
                appContainer(spec, input, {
                  env: [...siblingUrlEnv(spec, service), ...secretEnvRefs(input)],
                }),
              ],
            },
          },
        },
      },
    },
  };
}

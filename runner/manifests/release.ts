import { createHash } from "node:crypto";
import type { IJob } from "kubernetes-models/batch/v1";
import {
  type DeploymentSpec,
  releaseArgv,
  type SpecService,
} from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import {
  containerResources,
  LABEL,
  podTemplateLabels,
  tenantLabels,
  tenantNamespace,
} from "./labels.ts";
import { restrictedContainerSecurity, tenantPodSettings } from "./security.ts";
import { appPodPlacement, deploymentManifest, type WorkloadInput } from "./workload.ts";

export const RELEASE_CONTAINER = "release";
/** On the release pod, naming its Job: what the stage watches. */
export const RELEASE_LABEL = "enclave.dev/release";

/**
 * Deterministic per deployment, attempt and service: a redelivered job follows the release it
 * started, while a new attempt runs the command again instead of finding the last one failed.
 */
export function releaseJobName(spec: DeploymentSpec, service: Pick<SpecService, "name">): string {
  const key = `${spec.deployment.id}/${spec.deployment.attempt}/${service.name}`;
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 12);
  return `release-${service.name.slice(0, 41)}-${hash}`;
}

/**
 * The release command as a Job in the tenant's namespace, on the image about to roll out and
 * with exactly the env its pods get (the app container's own list: PORT, sibling URLs and the
 * env Secret's keys, DATABASE_URL among them). Hardened and placed (the plan's isolation tier)
 * like every tenant workload; it runs once (`backoffLimit: 0`: a migration is not retried
 * behind the customer's back) and is stopped after `timeouts.releaseSeconds`. Its component label keeps it out of the service's
 * selector, so it never receives traffic.
 */
export function releaseJobManifest(spec: DeploymentSpec, input: WorkloadInput): Named<IJob> {
  const { service } = input;
  if (!service.releaseCommand) throw new Error(`service ${service.name} has no release command`);
  const name = releaseJobName(spec, service);
  const app = deploymentManifest(spec, input).spec?.template.spec?.containers[0];
  const selector = { [LABEL.name]: service.name, [LABEL.component]: "release" };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...selector, [LABEL.service]: service.name },
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: spec.config.timeouts.releaseSeconds,
      ttlSecondsAfterFinished: spec.config.timeouts.buildJobTtlSeconds,
      template: {
        metadata: { labels: { ...podTemplateLabels(spec, selector), [RELEASE_LABEL]: name } },
        spec: {
          ...tenantPodSettings(),
          ...appPodPlacement(spec, input),
          restartPolicy: "Never",
          containers: [
            {
              name: RELEASE_CONTAINER,
              image: input.image,
              command: releaseArgv(service.releaseCommand),
              env: app?.env ?? [],
              resources: containerResources(spec),
              securityContext: restrictedContainerSecurity(),
              terminationMessagePolicy: "FallbackToLogsOnError",
            },
          ],
        },
      },
    },
  };
}

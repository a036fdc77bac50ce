import type { IDeployment } from "kubernetes-models/apps/v1";
import type { ISecret, IService } from "kubernetes-models/v1";
import type { DeploymentSpec, SpecService } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { isolationTier } from "./isolation-tier.ts";
import {
  containerResources,
  planOf,
  podTemplateLabels,
  tenantLabels,
  tenantNamespace,
  workloadSelector,
} from "./labels.ts";
import { secretChecksum, secretManifest } from "./secret.ts";
import { restrictedContainerSecurity, tenantPodSettings } from "./security.ts";

/** Probe timing: readiness early and often, liveness late enough for slow starts. */
const READINESS = { periodSeconds: 5, failureThreshold: 3 };
const LIVENESS = { initialDelaySeconds: 15, periodSeconds: 10, failureThreshold: 6 };
/** A rollout that makes no progress this long is reported failed by the Deployment itself. */
const PROGRESS_DEADLINE_SECONDS = 600;

export const envSecretName = (service: Pick<SpecService, "name">) => `${service.name}-env`;

/** In-cluster URL of a service, as injected into its siblings. */
export function serviceUrl(
  spec: DeploymentSpec,
  service: Pick<SpecService, "name"> & { port: number },
) {
  return `http://${service.name}.${tenantNamespace(spec)}.svc.cluster.local:${service.port}`;
}

/** A service that listens: a web service, which has a port, a Kubernetes Service and probes. */
export const isWebService = (
  service: SpecService,
): service is SpecService & { kind: "web"; port: number } =>
  service.kind === "web" && service.port !== null;

/**
 * `ENCLAVE_SERVICE_<NAME>_URL` of every other web service of the tenant: adding or removing a
 * service changes this list in every other workload, so the next rollout rolls them all.
 */
export const siblingUrlEnv = (spec: DeploymentSpec, service: Pick<SpecService, "name">) =>
  spec.services
    .filter((other) => other.name !== service.name)
    .filter(isWebService)
    .map((other) => ({ name: serviceUrlVariable(other.name), value: serviceUrl(spec, other) }));

/** Pods of a service: its own count when it was scaled, else the plan's. */
export const serviceReplicas = (spec: DeploymentSpec, service: SpecService) =>
  service.replicas ?? planOf(spec).replicas;

/** `kubectl rollout restart` leaves this annotation on the pod template; so does a restart. */
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

export const serviceUrlVariable = (name: string) =>
  `ENCLAVE_SERVICE_${name.toUpperCase().replaceAll("-", "_")}_URL`;

export interface WorkloadInput {
  service: SpecService;
  /** Fully qualified image, by digest when Enclave built it. */
  image: string;
  /** DATABASE_URL and anything else secret the platform adds to the customer's env. */
  platformEnv: Record<string, string>;
  /** The `kubernetes.io/dockerconfigjson` Secret the image is pulled with, if any. */
  pullSecret?: string;
}

export function envSecretManifest(spec: DeploymentSpec, input: WorkloadInput): Named<ISecret> {
  return secretManifest(
    envSecretName(input.service),
    tenantNamespace(spec),
    { ...tenantLabels(spec), ...workloadSelector(input.service.name, "app") },
    { ...input.service.env, ...input.platformEnv },
  );
}

/**
 * One reference per key rather than envFrom: the workload names every variable it expects
 * (never a value), and a name Kubernetes cannot use fails loudly instead of vanishing.
 */
export const secretEnvRefs = ({ service, platformEnv }: WorkloadInput) =>
  Object.keys({ ...service.env, ...platformEnv })
    .sort()
    .map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: envSecretName(service), key: name } },
    }));

/**
 * The pod template metadata of every app workload (Deployment or CronJob): its labels, and
 * the annotations whose change replaces its pods (the env Secret's checksum, a restart).
 */
export function appPodMetadata(
  spec: DeploymentSpec,
  input: WorkloadInput,
  selector: Record<string, string>,
) {
  return {
    labels: podTemplateLabels(spec, selector),
    annotations: {
      "enclave.dev/env-checksum": secretChecksum(envSecretManifest(spec, input)),
      ...(input.service.restartedAt
        ? { [RESTARTED_AT_ANNOTATION]: input.service.restartedAt }
        : {}),
    },
  };
}

/**
 * Where and with what an app workload's pods run, whatever its kind: the plan's isolation tier
 * (node pool, sandboxed runtime, priority) and the pull secret of a customer's image.
 */
export const appPodPlacement = (spec: DeploymentSpec, input: WorkloadInput) => ({
  ...isolationTier(spec),
  ...(input.pullSecret ? { imagePullSecrets: [{ name: input.pullSecret }] } : {}),
});

/** The app container of every workload kind, hardened alike; `own` adds its env, ports, probes. */
export function appContainer<T extends object>(spec: DeploymentSpec, input: WorkloadInput, own: T) {
  return {
    name: "app",
    image: input.image,
    ...(input.service.command ? { command: input.service.command } : {}),
    ...own,
    resources: containerResources(spec),
    securityContext: restrictedContainerSecurity(),
  };
}

export function deploymentManifest(spec: DeploymentSpec, input: WorkloadInput): Named<IDeployment> {
  const { service } = input;
  const selector = workloadSelector(service.name, "app");
  const siblings = siblingUrlEnv(spec, service);
  const probe = { httpGet: { path: service.healthPath, port: "http" } };
  const secretEnv = secretEnvRefs(input);
  // A worker listens on nothing: no port, no PORT and no HTTP probe; a crashed process restarts.
  const listening = isWebService(service)
    ? {
        ports: [{ name: "http", containerPort: service.port, protocol: "TCP" as const }],
        env: [{ name: "PORT", value: String(service.port) }, ...siblings, ...secretEnv],
        readinessProbe: { ...probe, ...READINESS },
        livenessProbe: { ...probe, ...LIVENESS },
      }
    : { env: [...siblings, ...secretEnv] };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: service.name,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...selector },
    },
    spec: {
      replicas: serviceReplicas(spec, service),
      selector: { matchLabels: selector },
      progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
      revisionHistoryLimit: 3,
      // A new version only replaces pods that are ready: a failed redeploy leaves the old one serving.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: appPodMetadata(spec, input, selector),
        spec: {
          ...tenantPodSettings(),
          ...appPodPlacement(spec, input),
          containers: [appContainer(spec, input, listening)],
        },
      },
    },
  };
}

export function serviceManifest(spec: DeploymentSpec, service: SpecService): Named<IService> {
  if (service.port === null) throw new Error(`service ${service.name} listens on no port`);
  const selector = workloadSelector(service.name, "app");
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: service.name,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...selector },
    },
    spec: {
      type: "ClusterIP",
      selector,
      ports: [{ name: "http", port: service.port, targetPort: "http", protocol: "TCP" }],
    },
  };
}

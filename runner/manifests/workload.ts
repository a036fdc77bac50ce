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
export function serviceUrl(spec: DeploymentSpec, service: Pick<SpecService, "name" | "port">) {
  return `http://${service.name}.${tenantNamespace(spec)}.svc.cluster.local:${service.port}`;
}

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

export function deploymentManifest(spec: DeploymentSpec, input: WorkloadInput): Named<IDeployment> {
  const { service } = input;
  const plan = planOf(spec);
  const selector = workloadSelector(service.name, "app");
  const siblings = spec.services
    .filter((other) => other.name !== service.name)
    .map((other) => ({ name: serviceUrlVariable(other.name), value: serviceUrl(spec, other) }));
  const probe = { httpGet: { path: service.healthPath, port: "http" } };
  // One reference per key rather than envFrom: the Deployment names every variable it
  // expects (never a value), and a name Kubernetes cannot use fails loudly instead of vanishing.
  const secretEnv = Object.keys({ ...service.env, ...input.platformEnv })
    .sort()
    .map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: envSecretName(service), key: name } },
    }));
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: service.name,
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), ...selector },
    },
    spec: {
      replicas: plan.replicas,
      selector: { matchLabels: selector },
      progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
      revisionHistoryLimit: 3,
      // A new version only replaces pods that are ready: a failed redeploy leaves the old one serving.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: podTemplateLabels(spec, selector),
          annotations: {
            "enclave.dev/env-checksum": secretChecksum(envSecretManifest(spec, input)),
          },
        },
        spec: {
          ...tenantPodSettings(),
          ...isolationTier(spec),
          ...(input.pullSecret ? { imagePullSecrets: [{ name: input.pullSecret }] } : {}),
          containers: [
            {
              name: "app",
              image: input.image,
              ports: [{ name: "http", containerPort: service.port, protocol: "TCP" }],
              env: [{ name: "PORT", value: String(service.port) }, ...siblings, ...secretEnv],
              resources: containerResources(spec),
              readinessProbe: { ...probe, ...READINESS },
              livenessProbe: { ...probe, ...LIVENESS },
              securityContext: restrictedContainerSecurity(),
            },
          ],
        },
      },
    },
  };
}

export function serviceManifest(spec: DeploymentSpec, service: SpecService): Named<IService> {
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

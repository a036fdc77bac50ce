import type { IDeployment } from "kubernetes-models/apps/v1";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import type { INamespace, IService } from "kubernetes-models/v1";
import type { PlatformConfig } from "../../worker/contracts/index.ts";
import { DEFAULT_RUNNER_PORT, DEFAULT_SHUTDOWN_GRACE_MS } from "../config/env.ts";
import { RUNNER_MEMORY_LIMIT, RUNNER_NODE_FLAGS } from "../config/node-flags.ts";
import type { KubeObject, Named } from "../kube/objects.ts";
import { buildNamespaceManifest } from "./build.ts";
import { buildNetworkPolicyManifests } from "./build-network.ts";
import { LABEL } from "./labels.ts";
import { DNS_EGRESS } from "./network.ts";
import {
  RUNNER_LABELS,
  RUNNER_NAME,
  runnerClusterRoleBindingManifest,
  runnerClusterRoleManifest,
  runnerMetadata,
  runnerServiceAccountManifest,
} from "./runner-rbac.ts";
import {
  podSecurityLabels,
  restrictedContainerSecurity,
  restrictedPodSecurity,
} from "./security.ts";

export interface RunnerInstallOptions {
  /** The runner's image: this repository with its dependencies installed, as the working directory. */
  image: string;
  /** Where the edge Worker answers the runner (spec, progress). */
  edgeUrl: string;
  replicas: number;
  cluster: PlatformConfig["cluster"];
}

/** Created by the operator (`kubectl create secret generic`), never printed with the manifest. */
export const RUNNER_SECRET = RUNNER_NAME;
const REQUIRED_SECRETS = ["JOB_TOKEN_SECRET", "RUNNER_TOKEN_SECRET"];
/** Registry credentials for image cleanup, read from the same Secret when the operator adds them. */
const OPTIONAL_SECRETS = ["REGISTRY_USERNAME", "REGISTRY_PASSWORD", "REGISTRY_TOKEN"];

/** The `node` user of the official Node.js images. */
const RUNNER_UID = 1000;
const WORK_DIR = "/tmp";
/** Repositories are cloned here for detection, one checkout per running job. */
const WORK_DIR_SIZE = "2Gi";
const PORT_NAME = "intake";
/** The API server (443 behind the `kubernetes` Service, 6443 on k3s nodes), the edge, git hosts. */
const EGRESS_PORTS = [443, 6443, 80];

export function runnerNamespaceManifest(cluster: PlatformConfig["cluster"]): Named<INamespace> {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: cluster.runnerNamespace,
      labels: { ...RUNNER_LABELS, ...podSecurityLabels("restricted") },
    },
  };
}

const secretEnv = (name: string, optional: boolean) => ({
  name,
  valueFrom: {
    secretKeyRef: { name: RUNNER_SECRET, key: name, ...(optional ? { optional } : {}) },
  },
});

export function runnerDeploymentManifest(options: RunnerInstallOptions): Named<IDeployment> {
  const probe = { httpGet: { path: "/healthz", port: PORT_NAME } };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: runnerMetadata(options.cluster),
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: RUNNER_LABELS },
      template: {
        metadata: { labels: RUNNER_LABELS },
        spec: {
          serviceAccountName: RUNNER_NAME,
          // Its token is the runner's only credential for the API server.
          automountServiceAccountToken: true,
          enableServiceLinks: false,
          // Jobs still running when the grace below ends are handed back to the edge.
          terminationGracePeriodSeconds: DEFAULT_SHUTDOWN_GRACE_MS / 1000 + 5,
          securityContext: restrictedPodSecurity(),
          containers: [
            {
              name: "runner",
              image: options.image,
              command: ["node", ...RUNNER_NODE_FLAGS, "runner/main.ts"],
              ports: [{ name: PORT_NAME, containerPort: DEFAULT_RUNNER_PORT, protocol: "TCP" }],
              env: [
                { name: "ENCLAVE_MODE", value: "live" },
                { name: "EDGE_URL", value: options.edgeUrl },
                { name: "RUNNER_HOST", value: "0.0.0.0" },
                { name: "RUNNER_PORT", value: String(DEFAULT_RUNNER_PORT) },
                { name: "ENCLAVE_WORK_DIR", value: WORK_DIR },
                ...REQUIRED_SECRETS.map((name) => secretEnv(name, false)),
                ...OPTIONAL_SECRETS.map((name) => secretEnv(name, true)),
              ],
              resources: {
                requests: { cpu: "100m", memory: RUNNER_MEMORY_LIMIT },
                limits: { memory: RUNNER_MEMORY_LIMIT },
              },
              readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
              livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 10 },
              securityContext: {
                ...restrictedContainerSecurity(RUNNER_UID),
                readOnlyRootFilesystem: true,
              },
              volumeMounts: [{ name: "work", mountPath: WORK_DIR }],
            },
          ],
          volumes: [{ name: "work", emptyDir: { sizeLimit: WORK_DIR_SIZE } }],
        },
      },
    },
  };
}

/** Job intake for the edge's dispatch (`RUNNER_URL`); also `/metrics`. */
export function runnerServiceManifest(cluster: PlatformConfig["cluster"]): Named<IService> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: runnerMetadata(cluster),
    spec: {
      type: "ClusterIP",
      selector: RUNNER_LABELS,
      ports: [
        { name: PORT_NAME, port: DEFAULT_RUNNER_PORT, targetPort: PORT_NAME, protocol: "TCP" },
      ],
    },
  };
}

/**
 * In: the intake port only, from wherever the operator routes the edge in (each job carries a
 * signed token). Out: DNS; the API server, the edge and git hosts by port; tenant namespaces
 * (health checks on the tenants' own ports); its own namespace (the registry's API).
 */
export function runnerNetworkPolicyManifest(
  cluster: PlatformConfig["cluster"],
): Named<INetworkPolicy> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: runnerMetadata(cluster),
    spec: {
      podSelector: { matchLabels: RUNNER_LABELS },
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ ports: [{ protocol: "TCP", port: PORT_NAME }] }],
      egress: [
        DNS_EGRESS,
        { ports: EGRESS_PORTS.map((port) => ({ protocol: "TCP", port })) },
        {
          to: [
            {
              namespaceSelector: { matchExpressions: [{ key: LABEL.tenant, operator: "Exists" }] },
            },
          ],
        },
        { to: [{ podSelector: {} }] },
      ],
    },
  };
}

/** Everything the runner needs in the cluster, in the order `kubectl apply` should create it. */
export function runnerInstallManifests(options: RunnerInstallOptions): Named<KubeObject>[] {
  const { cluster } = options;
  return [
    runnerNamespaceManifest(cluster),
    buildNamespaceManifest(cluster),
    ...buildNetworkPolicyManifests(cluster),
    runnerServiceAccountManifest(cluster),
    runnerClusterRoleManifest(),
    runnerClusterRoleBindingManifest(cluster),
    runnerServiceManifest(cluster),
    runnerNetworkPolicyManifest(cluster),
    runnerDeploymentManifest(options),
  ];
}

import type { IDeployment } from "kubernetes-models/apps/v1";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import type { ISecret, IService } from "kubernetes-models/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { DATABASE_NAME, DATABASE_USER, ENGINES } from "./database.ts";
import { isolationTier } from "./isolation-tier.ts";
import {
  containerResources,
  LABEL,
  podTemplateLabels,
  tenantLabels,
  tenantNamespace,
} from "./labels.ts";
import { DNS_EGRESS } from "./network.ts";
import { secretChecksum, secretManifest } from "./secret.ts";
import { restrictedContainerSecurity, tenantPodSettings } from "./security.ts";

export const PGBOUNCER_NAME = "pgbouncer";
export const PGBOUNCER_PORT = 6432;
export const POOLER_COMPONENT = "pooler";
const PGBOUNCER_SECRET = "pgbouncer-config";
/** The image's `postgres` user. */
const PGBOUNCER_UID = 70;
/** Where the image writes the pgbouncer.ini and userlist it renders from its env at start. */
const CONFIG_DIR = "/etc/pgbouncer";

type Database = NonNullable<DeploymentSpec["database"]>;

/** Pooling applies to PostgreSQL only. */
export const pooled = (database: Database | null): database is Database =>
  database?.engine === "postgres" && database.pooling;

const selector = { [LABEL.name]: PGBOUNCER_NAME, [LABEL.component]: POOLER_COMPONENT };
const appSelector = { [LABEL.component]: "app" };
const databaseSelector = { [LABEL.name]: DATABASE_NAME, [LABEL.component]: "database" };

function labels(spec: DeploymentSpec) {
  return { ...tenantLabels(spec), ...selector };
}

export function pgbouncerSecretManifest(spec: DeploymentSpec, password: string): Named<ISecret> {
  return secretManifest(PGBOUNCER_SECRET, tenantNamespace(spec), labels(spec), {
    DB_HOST: DATABASE_NAME,
    DB_PORT: String(ENGINES.postgres.port),
    DB_USER: DATABASE_USER,
    DB_PASSWORD: password,
    DB_NAME: DATABASE_USER,
    POOL_MODE: "transaction",
    LISTEN_PORT: String(PGBOUNCER_PORT),
    AUTH_TYPE: "scram-sha-256",
  });
}

/**
 * PgBouncer in transaction pooling mode, hardened like every tenant workload and more: a
 * read-only root filesystem (its rendered config lives in an emptyDir), no ServiceAccount
 * token, the plan's resources. A new password rolls it through the Secret's checksum.
 */
export function pgbouncerDeploymentManifest(
  spec: DeploymentSpec,
  password: string,
): Named<IDeployment> {
  const probe = { tcpSocket: { port: "pgbouncer" } };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: PGBOUNCER_NAME, namespace: tenantNamespace(spec), labels: labels(spec) },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: podTemplateLabels(spec, selector),
          annotations: {
            "enclave.dev/config-checksum": secretChecksum(pgbouncerSecretManifest(spec, password)),
          },
        },
        spec: {
          ...tenantPodSettings(PGBOUNCER_UID),
          ...isolationTier(spec),
          containers: [
            {
              name: PGBOUNCER_NAME,
              image: spec.config.cluster.pgbouncerImage,
              ports: [{ name: "pgbouncer", containerPort: PGBOUNCER_PORT, protocol: "TCP" }],
              envFrom: [{ secretRef: { name: PGBOUNCER_SECRET } }],
              volumeMounts: [
                { name: "config", mountPath: CONFIG_DIR },
                { name: "tmp", mountPath: "/tmp" },
              ],
              readinessProbe: { ...probe, periodSeconds: 5 },
              livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 10 },
              resources: containerResources(spec),
              securityContext: {
                ...restrictedContainerSecurity(PGBOUNCER_UID),
                readOnlyRootFilesystem: true,
              },
            },
          ],
          volumes: [
            { name: "config", emptyDir: { medium: "Memory" } },
            { name: "tmp", emptyDir: {} },
          ],
        },
      },
    },
  };
}

export function pgbouncerServiceManifest(spec: DeploymentSpec): Named<IService> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: PGBOUNCER_NAME, namespace: tenantNamespace(spec), labels: labels(spec) },
    spec: {
      type: "ClusterIP",
      selector,
      ports: [
        { name: "pgbouncer", port: PGBOUNCER_PORT, targetPort: "pgbouncer", protocol: "TCP" },
      ],
    },
  };
}

/**
 * PgBouncer takes connections from the tenant's apps only and opens them to the database only
 * (and to DNS, to find it). The namespace-wide allow policies leave its pods out when pooling
 * (runner/manifests/network.ts), so these two are all that applies to them.
 */
export function pgbouncerNetworkPolicyManifest(spec: DeploymentSpec): Named<INetworkPolicy> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: PGBOUNCER_NAME, namespace: tenantNamespace(spec), labels: labels(spec) },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: appSelector } }],
          ports: [{ protocol: "TCP", port: PGBOUNCER_PORT }],
        },
      ],
      egress: [
        {
          to: [{ podSelector: { matchLabels: databaseSelector } }],
          ports: [{ protocol: "TCP", port: ENGINES.postgres.port }],
        },
        DNS_EGRESS,
      ],
    },
  };
}

/** The namespace-wide allow policies' pod selector when PgBouncer runs: every pod but it. */
export const notPooler = {
  matchExpressions: [
    { key: LABEL.component, operator: "NotIn" as const, values: [POOLER_COMPONENT] },
  ],
};

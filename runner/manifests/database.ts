import type { IStatefulSet } from "kubernetes-models/apps/v1";
import type { ISecret, IService } from "kubernetes-models/v1";
import type { DatabaseEngine, DeploymentSpec } from "../../worker/contracts/index.ts";
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

export const DATABASE_NAME = "database";
export const DATABASE_SECRET = "database-credentials";
export const DATABASE_USER = "app";

/** Per engine: the official image's non-root user, where its data lives and how to probe it. */
export const ENGINES: Record<
  DatabaseEngine,
  {
    port: number;
    uid: number;
    dataPath: string;
    scheme: string;
    env: (password: string) => Record<string, string>;
    ready: string[];
  }
> = {
  postgres: {
    port: 5432,
    uid: 70,
    dataPath: "/var/lib/postgresql/data",
    scheme: "postgres",
    env: (password) => ({
      POSTGRES_USER: DATABASE_USER,
      POSTGRES_PASSWORD: password,
      POSTGRES_DB: DATABASE_USER,
      PGDATA: "/var/lib/postgresql/data/pgdata",
    }),
    ready: ["pg_isready", "-U", DATABASE_USER, "-d", DATABASE_USER],
  },
  mysql: {
    port: 3306,
    uid: 999,
    dataPath: "/var/lib/mysql",
    scheme: "mysql",
    env: (password) => ({
      MYSQL_USER: DATABASE_USER,
      MYSQL_PASSWORD: password,
      MYSQL_DATABASE: DATABASE_USER,
      MYSQL_RANDOM_ROOT_PASSWORD: "yes",
    }),
    ready: ["mysqladmin", "ping", "-h", "127.0.0.1"],
  },
};

type Database = NonNullable<DeploymentSpec["database"]>;

export function databaseImage(spec: DeploymentSpec, database: Database): string {
  const image = spec.config.databases[database.engine][database.version];
  if (!image) throw new Error(`${database.engine} ${database.version} is not offered`);
  return image;
}

/**
 * Passwords are generated hex, so they need no escaping inside the URL. `via` names another
 * Service in front of the database (PgBouncer) and its port.
 */
export function databaseUrl(
  spec: DeploymentSpec,
  database: Database,
  password: string,
  via?: { service: string; port: number },
): string {
  const engine = ENGINES[database.engine];
  const host = `${via?.service ?? DATABASE_NAME}.${tenantNamespace(spec)}.svc.cluster.local`;
  const port = via?.port ?? engine.port;
  return `${engine.scheme}://${DATABASE_USER}:${password}@${host}:${port}/${DATABASE_USER}`;
}

function labels(spec: DeploymentSpec) {
  return { ...tenantLabels(spec), ...workloadSelector(DATABASE_NAME, "database") };
}

export function databaseSecretManifest(
  spec: DeploymentSpec,
  database: Database,
  password: string,
): Named<ISecret> {
  return secretManifest(
    DATABASE_SECRET,
    tenantNamespace(spec),
    labels(spec),
    ENGINES[database.engine].env(password),
  );
}

export function databaseStatefulSetManifest(
  spec: DeploymentSpec,
  database: Database,
  password: string,
): Named<IStatefulSet> {
  const engine = ENGINES[database.engine];
  const plan = planOf(spec);
  const selector = workloadSelector(DATABASE_NAME, "database");
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: DATABASE_NAME, namespace: tenantNamespace(spec), labels: labels(spec) },
    spec: {
      serviceName: DATABASE_NAME,
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: podTemplateLabels(spec, selector),
          annotations: {
            "enclave.dev/credentials-checksum": secretChecksum(
              databaseSecretManifest(spec, database, password),
            ),
          },
        },
        spec: {
          ...tenantPodSettings(engine.uid),
          ...isolationTier(spec),
          containers: [
            {
              name: "database",
              image: databaseImage(spec, database),
              ports: [{ name: "db", containerPort: engine.port, protocol: "TCP" }],
              envFrom: [{ secretRef: { name: DATABASE_SECRET } }],
              volumeMounts: [{ name: "data", mountPath: engine.dataPath }],
              readinessProbe: { exec: { command: engine.ready }, periodSeconds: 5 },
              resources: containerResources(spec),
              securityContext: restrictedContainerSecurity(engine.uid),
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: selector },
          spec: {
            accessModes: ["ReadWriteOnce"],
            storageClassName: spec.config.cluster.storageClass,
            resources: { requests: { storage: plan.databaseStorage } },
          },
        },
      ],
    },
  };
}

export function databaseServiceManifest(spec: DeploymentSpec, database: Database): Named<IService> {
  const port = ENGINES[database.engine].port;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: DATABASE_NAME, namespace: tenantNamespace(spec), labels: labels(spec) },
    spec: {
      type: "ClusterIP",
      selector: workloadSelector(DATABASE_NAME, "database"),
      ports: [{ name: "db", port, targetPort: "db", protocol: "TCP" }],
    },
  };
}

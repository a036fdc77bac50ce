import type { IJob } from "kubernetes-models/batch/v1";
import type { ISecret } from "kubernetes-models/v1";
import type { DeploymentSpec, SpecBackup } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { DATABASE_NAME, DATABASE_SECRET } from "./database.ts";
import { isolationTier } from "./isolation-tier.ts";
import { containerResources, tenantLabels, tenantNamespace } from "./labels.ts";
import { secretManifest } from "./secret.ts";
import { restrictedContainerSecurity, tenantPodSettings } from "./security.ts";

/** The container that encrypts and uploads (or downloads and decrypts) the dump. */
export const TRANSFER_CONTAINER = "transfer";
/** The container that runs the engine's own tool (`pg_dump`, `mysqldump`, or their loaders). */
export const ENGINE_CONTAINER = "engine";
const WORK = "/work";
const UNPRIVILEGED_UID = 1000;
/** Names the backup a Job's pods move. */
export const BACKUP_LABEL = "enclave.dev/backup";

/**
 * `openssl enc` with AES-256-CBC and PBKDF2 (100 000 iterations, random salt): well known,
 * present in small images, and its format (`Salted__`, salt, ciphertext) is documented. The
 * passphrase and the URL come from the Job's own Secret, never from an argument.
 */
export const OPENSSL_ARGS = "-aes-256-cbc -pbkdf2 -iter 100000 -md sha256";

const DUMP: Record<SpecBackup["engine"], string> = {
  postgres: `PGPASSWORD="$POSTGRES_PASSWORD" pg_dump -h ${DATABASE_NAME} -U "$POSTGRES_USER" -d "$POSTGRES_DB" --format=custom -f ${WORK}/dump`,
  mysql: `mysqldump -h ${DATABASE_NAME} -u "$MYSQL_USER" -p"$MYSQL_PASSWORD" --single-transaction "$MYSQL_DATABASE" > ${WORK}/dump`,
};

const LOAD: Record<SpecBackup["engine"], (into: string | null) => string> = {
  postgres: (into) =>
    into
      ? `export PGPASSWORD="$POSTGRES_PASSWORD"; createdb -h ${DATABASE_NAME} -U "$POSTGRES_USER" ${into} && pg_restore -h ${DATABASE_NAME} -U "$POSTGRES_USER" -d ${into} --no-owner ${WORK}/dump`
      : `PGPASSWORD="$POSTGRES_PASSWORD" pg_restore -h ${DATABASE_NAME} -U "$POSTGRES_USER" -d "$POSTGRES_DB" --clean --if-exists --no-owner ${WORK}/dump`,
  mysql: (into) =>
    `mysql -h ${DATABASE_NAME} -u "$MYSQL_USER" -p"$MYSQL_PASSWORD" ${into ? `-e "CREATE DATABASE ${into}" && mysql -h ${DATABASE_NAME} -u "$MYSQL_USER" -p"$MYSQL_PASSWORD" ${into}` : `"$MYSQL_DATABASE"`} < ${WORK}/dump`,
};

const UPLOAD = `openssl enc -e ${OPENSSL_ARGS} -pass env:BACKUP_KEY -in ${WORK}/dump -out ${WORK}/dump.enc && curl --fail --silent --show-error -T ${WORK}/dump.enc "$BACKUP_URL"`;
const DOWNLOAD = `curl --fail --silent --show-error -o ${WORK}/dump.enc "$BACKUP_URL" && openssl enc -d ${OPENSSL_ARGS} -pass env:BACKUP_KEY -in ${WORK}/dump.enc -out ${WORK}/dump`;

export const backupJobName = (
  spec: DeploymentSpec,
  backup: SpecBackup,
  kind: "backup" | "restore",
) => `${kind}-${backup.id.replace("_", "-")}-${spec.deployment.id.slice(-6)}`;

/** The signed URL and the derived key, only in this Secret, which only the Job mounts. */
export function backupSecretManifest(
  spec: DeploymentSpec,
  backup: SpecBackup,
  name: string,
): Named<ISecret> {
  return secretManifest(name, tenantNamespace(spec), tenantLabels(spec), {
    url: backup.objectUrl,
    key: backup.key,
  });
}

/**
 * A backup runs the engine's dump first (an init container) and then encrypts and uploads it;
 * a restore downloads and decrypts first and then loads it. Both share an emptyDir only.
 */
export function backupJobManifest(
  spec: DeploymentSpec,
  backup: SpecBackup,
  kind: "backup" | "restore",
  engineImage: string,
): Named<IJob> {
  const name = backupJobName(spec, backup, kind);
  const engine = {
    name: ENGINE_CONTAINER,
    image: engineImage,
    command: [
      "sh",
      "-c",
      kind === "backup" ? DUMP[backup.engine] : LOAD[backup.engine](backup.into),
    ],
    envFrom: [{ secretRef: { name: DATABASE_SECRET } }],
    volumeMounts: [{ name: "work", mountPath: WORK }],
    resources: containerResources(spec),
    securityContext: restrictedContainerSecurity(UNPRIVILEGED_UID),
  };
  const transfer = {
    name: TRANSFER_CONTAINER,
    image: spec.config.backups.toolImage,
    command: ["sh", "-c", kind === "backup" ? UPLOAD : DOWNLOAD],
    env: [
      { name: "BACKUP_URL", valueFrom: { secretKeyRef: { name, key: "url" } } },
      { name: "BACKUP_KEY", valueFrom: { secretKeyRef: { name, key: "key" } } },
    ],
    volumeMounts: [{ name: "work", mountPath: WORK }],
    resources: containerResources(spec),
    securityContext: restrictedContainerSecurity(UNPRIVILEGED_UID),
  };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: tenantNamespace(spec), labels: tenantLabels(spec) },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: spec.config.backups.jobSeconds,
      template: {
        metadata: { labels: { ...tenantLabels(spec), [BACKUP_LABEL]: backup.id } },
        spec: {
          ...tenantPodSettings(UNPRIVILEGED_UID),
          // On the database's nodes: the tenant's data stays inside its plan's isolation tier.
          ...isolationTier(spec),
          restartPolicy: "Never",
          initContainers: [kind === "backup" ? engine : transfer],
          containers: [kind === "backup" ? transfer : engine],
          volumes: [{ name: "work", emptyDir: {} }],
        },
      },
    },
  };
}

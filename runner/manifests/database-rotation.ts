import { createHash } from "node:crypto";
import type { IJob } from "kubernetes-models/batch/v1";
import type { ISecret } from "kubernetes-models/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { DATABASE_NAME, DATABASE_USER, databaseImage, ENGINES } from "./database.ts";
import { containerResources, LABEL, tenantLabels, tenantNamespace } from "./labels.ts";
import { secretManifest } from "./secret.ts";
import { restrictedContainerSecurity, tenantPodSettings } from "./security.ts";

/** Holds the old and the new password while the rotation Job runs; removed after it. */
export const ROTATION_SECRET = "database-rotation";
export const ROTATION_COMPONENT = "database-rotation";
/** Finished rotation Jobs are garbage-collected after this long. */
const ROTATION_JOB_TTL_SECONDS = 600;

/**
 * Changes the user's password with the engine's own client, logged in with the old one. When
 * the old one is refused but the new one works, an earlier attempt already changed it: that
 * counts as done, so a rerun converges. Passwords are hex, so they are safe inside the quotes;
 * they arrive as env vars and never appear in the pod spec or the command line.
 */
const SCRIPTS = {
  postgres: [
    "set -eu",
    `export PGHOST=${DATABASE_NAME} PGUSER=${DATABASE_USER} PGDATABASE=${DATABASE_USER}`,
    `if PGPASSWORD="$OLD_PASSWORD" psql -v ON_ERROR_STOP=1 -qc "ALTER USER ${DATABASE_USER} WITH PASSWORD '$NEW_PASSWORD'"; then exit 0; fi`,
    'PGPASSWORD="$NEW_PASSWORD" psql -qc "SELECT 1" >/dev/null',
  ],
  mysql: [
    "set -eu",
    `if MYSQL_PWD="$OLD_PASSWORD" mysql -h ${DATABASE_NAME} -u ${DATABASE_USER} -e "ALTER USER '${DATABASE_USER}'@'%' IDENTIFIED BY '$NEW_PASSWORD'"; then exit 0; fi`,
    `MYSQL_PWD="$NEW_PASSWORD" mysql -h ${DATABASE_NAME} -u ${DATABASE_USER} -e "SELECT 1" >/dev/null`,
  ],
} as const;

type Database = NonNullable<DeploymentSpec["database"]>;

/** One Job per deployment: a rerun of the job follows the rotation it started. */
export function rotationJobName(spec: DeploymentSpec): string {
  const hash = createHash("sha256").update(spec.deployment.id).digest("hex").slice(0, 12);
  return `database-rotate-${hash}`;
}

function rotationLabels(spec: DeploymentSpec) {
  return { ...tenantLabels(spec), [LABEL.component]: ROTATION_COMPONENT };
}

export function rotationSecretManifest(
  spec: DeploymentSpec,
  passwords: { old: string; new: string },
): Named<ISecret> {
  return secretManifest(ROTATION_SECRET, tenantNamespace(spec), rotationLabels(spec), {
    OLD_PASSWORD: passwords.old,
    NEW_PASSWORD: passwords.new,
  });
}

export function rotationJobManifest(spec: DeploymentSpec, database: Database): Named<IJob> {
  const engine = ENGINES[database.engine];
  const labels = rotationLabels(spec);
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: rotationJobName(spec), namespace: tenantNamespace(spec), labels },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: spec.config.timeouts.rolloutSeconds,
      ttlSecondsAfterFinished: ROTATION_JOB_TTL_SECONDS,
      template: {
        metadata: { labels: { [LABEL.component]: ROTATION_COMPONENT } },
        spec: {
          ...tenantPodSettings(engine.uid),
          restartPolicy: "Never",
          containers: [
            {
              name: "rotate",
              image: databaseImage(spec, database),
              command: ["sh", "-c", SCRIPTS[database.engine].join("\n")],
              envFrom: [{ secretRef: { name: ROTATION_SECRET } }],
              resources: containerResources(spec),
              securityContext: restrictedContainerSecurity(engine.uid),
            },
          ],
        },
      },
    },
  };
}

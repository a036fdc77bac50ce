import { randomBytes } from "node:crypto";
import type { IJob } from "kubernetes-models/batch/v1";
import type { ISecret } from "kubernetes-models/v1";
import { waitFor } from "../kube/wait.ts";
import { DATABASE_SECRET } from "../manifests/database.ts";
import {
  ROTATION_SECRET,
  rotationJobManifest,
  rotationJobName,
  rotationSecretManifest,
} from "../manifests/database-rotation.ts";
import { tenantNamespace } from "../manifests/labels.ts";
import type { JobContext } from "./context.ts";

const PASSWORD_BYTES = 24;
const PASSWORD_KEYS = ["POSTGRES_PASSWORD", "MYSQL_PASSWORD"];

/** The password the database runs with, from its Secret; undefined before it exists. */
export async function currentDatabasePassword(ctx: JobContext): Promise<string | undefined> {
  const existing = await ctx.deps.kube.read<ISecret>({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: DATABASE_SECRET, namespace: tenantNamespace(ctx.spec) },
  });
  const data = existing?.data ?? {};
  for (const key of PASSWORD_KEYS) {
    const value = data[key];
    if (value) return Buffer.from(value, "base64").toString("utf8");
  }
  return undefined;
}

/**
 * The password the database is to run with. A new database is initialised with the edge's
 * password. An existing one keeps its own unless the edge holds another (a rotation): then the
 * user's password is changed in the running engine first, by a Job logged in with the old one,
 * and only then does the Secret (and with it `DATABASE_URL`) change. A database whose password
 * the edge never held keeps the one it was initialised with: a new one would lock the apps out.
 */
export async function convergeDatabasePassword(ctx: JobContext): Promise<string> {
  const database = ctx.spec.database;
  if (!database) throw new Error("the tenant has no database");
  const current = await currentDatabasePassword(ctx);
  const wanted = database.password;
  if (!wanted) return current ?? randomBytes(PASSWORD_BYTES).toString("hex");
  ctx.reporter.redact([wanted, ...(current ? [current] : [])]);
  if (current && current !== wanted) await rotateInEngine(ctx, current, wanted);
  return wanted;
}

async function rotateInEngine(ctx: JobContext, old: string, next: string): Promise<void> {
  const { spec, deps } = ctx;
  const database = spec.database;
  if (!database) return;
  const namespace = tenantNamespace(spec);
  const name = rotationJobName(spec);
  ctx.log("deploy", `changing the ${database.engine} user's password (Job ${name})`);
  await deps.kube.apply(rotationSecretManifest(spec, { old, new: next }));
  await deps.kube.apply(rotationJobManifest(spec, database));
  await waitFor<IJob>(deps.kube, {
    apiVersion: "batch/v1",
    kind: "Job",
    namespace,
    name,
    timeoutMs: spec.config.timeouts.rolloutSeconds * 1000,
    signal: ctx.signal,
    describe: `the database password change (Job ${name})`,
    check: (observed) => {
      const conditions = observed.get(name)?.status?.conditions ?? [];
      const holds = (type: string) =>
        conditions.some((c) => c.type === type && c.status === "True");
      if (holds("Failed")) {
        throw new Error(
          "The database refused the password change; the old password stays in use. Deploy again to retry.",
        );
      }
      return holds("Complete") ? true : undefined;
    },
  });
  // Neither password stays in a Secret the database's own does not need.
  await deps.kube.remove({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: ROTATION_SECRET, namespace },
  });
  ctx.log("deploy", "the database user's password was changed");
}

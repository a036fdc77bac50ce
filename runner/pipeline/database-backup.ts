import type { IDeployment } from "kubernetes-models/apps/v1";
import type { IJob } from "kubernetes-models/batch/v1";
import type { SpecBackup } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { waitFor } from "../kube/wait.ts";
import { backupJobManifest, backupJobName, backupSecretManifest } from "../manifests/backup.ts";
import { databaseImage } from "../manifests/database.ts";
import { tenantNamespace } from "../manifests/labels.ts";
import type { JobContext } from "./context.ts";
import { restoredDeployment } from "./previous-version.ts";
import { errorMessage, runStage } from "./stage.ts";

type Kind = "backup" | "restore";

/** Runs the Job to its end and removes it with its Secret, whatever the outcome. */
async function runTransferJob(ctx: JobContext, backup: SpecBackup, kind: Kind): Promise<void> {
  const { spec, deps } = ctx;
  const { database } = spec;
  if (!database) throw new Error("the tenant has no database");
  const name = backupJobName(spec, backup, kind);
  const namespace = tenantNamespace(spec);
  const secret = backupSecretManifest(spec, backup, name);
  const job = backupJobManifest(spec, backup, kind, databaseImage(spec, database));
  try {
    await deps.kube.apply(secret);
    await deps.kube.apply(job);
    ctx.log(kind, `job ${name} started`);
    await waitFor<Named<IJob>, true>(deps.kube, {
      apiVersion: "batch/v1",
      kind: "Job",
      namespace,
      name,
      timeoutMs: spec.config.backups.jobSeconds * 1000,
      describe: `the ${kind} job`,
      signal: ctx.signal,
      check: (observed) => {
        const conditions = observed.get(name)?.status?.conditions ?? [];
        const done = (type: string) =>
          conditions.some((c) => c.type === type && c.status === "True");
        if (done("Failed"))
          throw new Error(`the ${kind} job failed; see the job's pod logs in ${namespace}`);
        return done("Complete") ? true : undefined;
      },
    });
  } finally {
    const remove = { apiVersion: "v1", kind: "Secret", metadata: { name, namespace } };
    await deps.kube.remove(remove).catch(() => false);
    await deps.kube
      .remove({ apiVersion: "batch/v1", kind: "Job", metadata: { name, namespace } })
      .catch(() => false);
  }
}

/**
 * The tenant's services at zero replicas for a restore into its own database, so no write
 * lands between the old content and the new; returns how to bring each back as it was.
 */
async function scaleDown(ctx: JobContext): Promise<Named<IDeployment>[]> {
  const namespace = tenantNamespace(ctx.spec);
  const before: Named<IDeployment>[] = [];
  for (const service of ctx.spec.services) {
    const deployment = await ctx.deps.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: service.name, namespace },
    });
    if (!deployment) continue;
    before.push(deployment);
    const scaled = restoredDeployment(deployment);
    await ctx.deps.kube.apply({
      ...scaled,
      spec: { ...scaled.spec, replicas: 0 },
    } as Named<IDeployment>);
  }
  return before;
}

async function scaleBack(ctx: JobContext, before: Named<IDeployment>[]): Promise<void> {
  for (const deployment of before) await ctx.deps.kube.apply(restoredDeployment(deployment));
}

/**
 * A backup or restore deployment: one stage around the Job, then the terminal event. The
 * signed URL and the key are redacted from every event the job reports.
 */
export async function databaseJob(ctx: JobContext, kind: Kind): Promise<string> {
  const { spec, reporter } = ctx;
  const backup = spec.backup;
  try {
    if (!backup) throw new Error(`the ${kind} job's spec names no backup`);
    reporter.redact([backup.objectUrl, backup.key, new URL(backup.objectUrl).pathname]);
    await runStage(
      ctx,
      kind,
      kind === "backup" ? "backing up the database" : "restoring the database",
      async () => {
        const own = kind === "restore" && backup.into === null;
        const scaled = own ? await scaleDown(ctx) : [];
        if (scaled.length > 0) ctx.log(kind, `${scaled.length} service(s) scaled to zero`);
        try {
          await runTransferJob(ctx, backup, kind);
        } finally {
          if (scaled.length > 0) {
            await scaleBack(ctx, scaled);
            ctx.log(kind, `${scaled.length} service(s) scaled back`);
          }
        }
        const what =
          kind === "backup"
            ? `backup ${backup.id} uploaded`
            : `backup ${backup.id} restored into ${backup.into ?? "the tenant's database"}`;
        return { result: undefined, summary: what, data: { backupId: backup.id } };
      },
    );
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    reporter.emit({ stage: kind, type: "deployment.failed", message: errorMessage(error) });
    return "failed";
  }
  reporter.emit({
    stage: null,
    type: "deployment.ready",
    message: `${kind} of ${backup.id} done`,
    data: { backupId: backup.id },
  });
  return "ready";
}

import { randomBytes } from "node:crypto";
import type { ISecret } from "kubernetes-models/v1";
import type { SpecService } from "../../../worker/contracts/index.ts";
import { cronJobManifest } from "../../manifests/cronjob.ts";
import {
  DATABASE_SECRET,
  databaseSecretManifest,
  databaseServiceManifest,
  databaseStatefulSetManifest,
  databaseUrl,
} from "../../manifests/database.ts";
import { tenantNamespace } from "../../manifests/labels.ts";
import {
  deploymentManifest,
  envSecretManifest,
  isWebService,
  serviceManifest,
  type WorkloadInput,
} from "../../manifests/workload.ts";
import type { JobContext } from "../context.ts";
import { rememberPreviousVersion } from "../previous-version.ts";
import { removeStaleWorkloads } from "../prune-services.ts";
import { runStage } from "../stage.ts";

const PASSWORD_BYTES = 24;
const PASSWORD_KEYS = ["POSTGRES_PASSWORD", "MYSQL_PASSWORD"];

/**
 * Keeps the database password the database was initialised with: a rerun that generated a new
 * one would lock the apps out of their data.
 */
async function databasePassword(ctx: JobContext): Promise<string> {
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
  return randomBytes(PASSWORD_BYTES).toString("hex");
}

/**
 * The database's Secret, StatefulSet and Service, when the tenant has one; returns the env the
 * platform adds to each service (DATABASE_URL) and what it applied. Converges, so the release
 * stage and the deploy stage can both call it.
 */
export async function applyDatabase(
  ctx: JobContext,
): Promise<{ platformEnv: Record<string, string>; applied: string[] }> {
  const { spec, deps } = ctx;
  if (!spec.database) return { platformEnv: {}, applied: [] };
  const password = await databasePassword(ctx);
  ctx.reporter.redact([password]);
  const objects = [
    databaseSecretManifest(spec, spec.database, password),
    databaseStatefulSetManifest(spec, spec.database, password),
    databaseServiceManifest(spec, spec.database),
  ];
  await Promise.all(objects.map((manifest) => deps.kube.apply(manifest)));
  return {
    platformEnv: { DATABASE_URL: databaseUrl(spec, spec.database, password) },
    applied: objects.map((m) => `${m.kind}/${m.metadata.name}`),
  };
}

/** Applies the database and every service: what a full deployment converges. */
export function deploy(ctx: JobContext): Promise<void> {
  const { spec } = ctx;
  return runStage(ctx, "deploy", "deploying services", async () => {
    const { platformEnv, applied } = await applyDatabase(ctx);
    await Promise.all(
      spec.services.map(async (service) => {
        applied.push(...(await applyService(ctx, service, platformEnv)));
      }),
    );
    ctx.log("deploy", `applied ${applied.join(", ")}`);
    const removed = await removeStaleWorkloads(ctx);
    if (removed.length > 0) ctx.log("deploy", `removed ${removed.join(", ")}`);
    return {
      result: undefined,
      summary: `${spec.services.length} service(s)${spec.database ? ` and ${spec.database.engine} ${spec.database.version}` : ""} applied`,
    };
  });
}

/**
 * An env change: only the named services' env Secret and Deployment, on the images they
 * serve. Nothing else is applied, so every other object, the other services' Deployments
 * included, keeps its generation and resourceVersion.
 */
export function rollEnv(ctx: JobContext, rolled: SpecService[]): Promise<void> {
  const { spec } = ctx;
  return runStage(ctx, "deploy", "rolling the services whose env changed", async () => {
    const platformEnv: Record<string, string> = {};
    if (spec.database && rolled.length > 0) {
      const password = await databasePassword(ctx);
      ctx.reporter.redact([password]);
      platformEnv.DATABASE_URL = databaseUrl(spec, spec.database, password);
    }
    const applied = (
      await Promise.all(
        rolled.map((service) => applyService(ctx, service, platformEnv, { withService: false })),
      )
    ).flat();
    ctx.log(
      "deploy",
      applied.length > 0 ? `applied ${applied.join(", ")}` : "no service's env changed",
    );
    return { result: undefined, summary: `${rolled.length} service(s) rolled, nothing rebuilt` };
  });
}

/**
 * A service's env Secret, once what it replaces is remembered: the running pods read their
 * env when they started, so only the pods (and release Job) of the new version see it.
 */
export async function applyEnvSecret(ctx: JobContext, input: WorkloadInput): Promise<void> {
  await rememberPreviousVersion(ctx, input.service.name);
  await ctx.deps.kube.apply(envSecretManifest(ctx.spec, input));
}

async function applyService(
  ctx: JobContext,
  service: SpecService,
  platformEnv: Record<string, string>,
  options: { withService: boolean } = { withService: true },
): Promise<string[]> {
  const { spec, deps } = ctx;
  const image = ctx.images.get(service.name);
  if (!image) throw new Error(`no image for service ${service.name}`);
  const input = { service, image, platformEnv };
  // The Secret first: pods of the new version must find their env when they start.
  await applyEnvSecret(ctx, input);
  const workload =
    service.kind === "cron" ? cronJobManifest(spec, input) : deploymentManifest(spec, input);
  const kubeService =
    options.withService && isWebService(service) ? serviceManifest(spec, service) : undefined;
  await Promise.all([
    deps.kube.apply(workload),
    ...(kubeService ? [deps.kube.apply(kubeService)] : []),
  ]);
  ctx.log("deploy", `service ${service.name}: ${image}`);
  return [
    `Secret/${service.name}-env`,
    `${workload.kind}/${service.name}`,
    ...(kubeService ? [`Service/${service.name}`] : []),
  ];
}

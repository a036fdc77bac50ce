import type { SpecService } from "../../../worker/contracts/index.ts";
import { cronJobManifest } from "../../manifests/cronjob.ts";
import {
  databaseSecretManifest,
  databaseServiceManifest,
  databaseStatefulSetManifest,
} from "../../manifests/database.ts";
import { tenantNamespace } from "../../manifests/labels.ts";
import {
  pgbouncerDeploymentManifest,
  pgbouncerNetworkPolicyManifest,
  pgbouncerSecretManifest,
  pgbouncerServiceManifest,
  pooled,
} from "../../manifests/pooling.ts";
import {
  REGISTRY_CREDENTIALS_SECRET,
  registryCredentialsSecretManifest,
} from "../../manifests/registry-credentials.ts";
import {
  deploymentManifest,
  envSecretManifest,
  isWebService,
  serviceManifest,
  type WorkloadInput,
} from "../../manifests/workload.ts";
import type { JobContext } from "../context.ts";
import { databaseEnv } from "../database-env.ts";
import { convergeDatabasePassword, currentDatabasePassword } from "../database-password.ts";
import { rememberPreviousVersion } from "../previous-version.ts";
import { removeStaleWorkloads } from "../prune-services.ts";
import { runStage } from "../stage.ts";

/**
 * The database's Secret, StatefulSet and Service (and PgBouncer in front of it where pooling is
 * on), when the tenant has one; returns the env the platform adds to each service
 * (DATABASE_URL, DATABASE_DIRECT_URL) and what it applied. Converges, so the release stage and
 * the deploy stage can both call it.
 */
export async function applyDatabase(
  ctx: JobContext,
): Promise<{ platformEnv: Record<string, string>; applied: string[] }> {
  const { spec, deps } = ctx;
  if (!spec.database) return { platformEnv: {}, applied: [] };
  const password = await convergeDatabasePassword(ctx);
  ctx.reporter.redact([password]);
  const objects = [
    databaseSecretManifest(spec, spec.database, password),
    databaseStatefulSetManifest(spec, spec.database, password),
    databaseServiceManifest(spec, spec.database),
    ...(pooled(spec.database)
      ? [
          pgbouncerSecretManifest(spec, password),
          pgbouncerDeploymentManifest(spec, password),
          pgbouncerServiceManifest(spec),
          pgbouncerNetworkPolicyManifest(spec),
        ]
      : []),
  ];
  await Promise.all(objects.map((manifest) => deps.kube.apply(manifest)));
  return {
    platformEnv: databaseEnv(spec, password),
    applied: objects.map((m) => `${m.kind}/${m.metadata.name}`),
  };
}

/** Applies the database and every service: what a full deployment converges. */
export function deploy(ctx: JobContext): Promise<void> {
  const { spec } = ctx;
  return runStage(ctx, "deploy", "deploying services", async () => {
    const { platformEnv, applied } = await applyDatabase(ctx);
    const pullSecret = await applyRegistryCredentials(ctx);
    if (pullSecret) applied.push(`Secret/${pullSecret}`);
    await Promise.all(
      spec.services.map(async (service) => {
        applied.push(
          ...(await applyService(ctx, service, platformEnv, { withService: true, pullSecret })),
        );
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
    let platformEnv: Record<string, string> = {};
    if (spec.database && rolled.length > 0) {
      const password = await currentDatabasePassword(ctx);
      if (password) {
        ctx.reporter.redact([password]);
        platformEnv = databaseEnv(spec, password);
      }
    }
    // Credentials apply with any deployment, an env change's included.
    const pullSecret = rolled.length > 0 ? await applyRegistryCredentials(ctx) : undefined;
    const applied = (
      await Promise.all(
        rolled.map((service) =>
          applyService(ctx, service, platformEnv, { withService: false, pullSecret }),
        ),
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

/**
 * The tenant's registry logins as one pull Secret; without any, a Secret left from a removed
 * credential is deleted, so no login outlives its removal in the cluster.
 */
export async function applyRegistryCredentials(ctx: JobContext): Promise<string | undefined> {
  const manifest = registryCredentialsSecretManifest(ctx.spec);
  if (manifest) {
    await ctx.deps.kube.apply(manifest);
    return manifest.metadata.name;
  }
  await ctx.deps.kube.remove({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: REGISTRY_CREDENTIALS_SECRET, namespace: tenantNamespace(ctx.spec) },
  });
  return undefined;
}

async function applyService(
  ctx: JobContext,
  service: SpecService,
  platformEnv: Record<string, string>,
  options: { withService: boolean; pullSecret: string | undefined },
): Promise<string[]> {
  const { spec, deps } = ctx;
  const image = ctx.images.get(service.name);
  if (!image) throw new Error(`no image for service ${service.name}`);
  // Only images named by the customer come from their registries; built ones from Enclave's.
  const pullSecret = service.source.type === "image" ? options.pullSecret : undefined;
  const input = { service, image, platformEnv, ...(pullSecret ? { pullSecret } : {}) };
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

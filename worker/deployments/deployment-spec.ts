import { asc, eq } from "drizzle-orm";
import { backupSpec } from "../backups/backup-spec.ts";
import { type DeploymentSpec, DeploymentSpec as DeploymentSpecSchema } from "../contracts/index.ts";
import { specCredentials } from "../credentials/spec-credentials.ts";
import {
  type SecretSlot,
  serviceEnvSlot,
  TenantSecrets,
  tenantEnvSlot,
} from "../crypto/tenant-secrets.ts";
import { specDatabase } from "../database/spec-database.ts";
import type { Database } from "../db/client.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { deployments, services, tenants } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { notFound } from "../errors/api-error.ts";
import { earlierBuilds } from "./earlier-builds.ts";
import { recordedImages } from "./rollback.ts";
import { serviceShape } from "./service-shape.ts";
import { tenantNetworkSpec } from "./tenant-network-spec.ts";

/** The spec before its attempt is claimed: the claim adds where progress continues. */
export type UnclaimedSpec = Omit<DeploymentSpec, "progress">;
const UnclaimedSpecSchema = DeploymentSpecSchema.omit({ progress: true });

async function rollbackImages(db: Database, targetId: string) {
  const [target] = await db
    .select({ result: deployments.result })
    .from(deployments)
    .where(eq(deployments.id, targetId))
    .limit(1);
  return { deploymentId: targetId, images: target ? recordedImages(target) : {} };
}

/**
 * Everything the runner needs for one job, with env values decrypted: the one response of
 * the API that carries plaintext secrets. A deprovision job only removes what exists, so its
 * spec carries no env at all. Parsed against the shared contract so the runner never
 * receives a spec it would reject.
 */
export async function buildDeploymentSpec(
  env: Env,
  db: Database,
  deploymentId: string,
  /** The edge as the runner reaches it: where a backup Job's signed URLs point. */
  origin = "",
): Promise<UnclaimedSpec> {
  const [row] = await db
    .select({ deployment: deployments, tenant: tenants })
    .from(deployments)
    .innerJoin(tenants, eq(tenants.id, deployments.tenantId))
    .where(eq(deployments.id, deploymentId))
    .limit(1);
  if (!row) throw notFound("Deployment");
  const { deployment, tenant } = row;
  const [serviceRows, config, builds, network] = await Promise.all([
    db
      .select()
      .from(services)
      .where(eq(services.tenantId, tenant.id))
      .orderBy(asc(services.createdAt), asc(services.name)),
    loadPlatformConfig(db),
    deployment.kind === "provision" ? earlierBuilds(db, tenant.id, deployment.id) : [],
    tenantNetworkSpec(db, tenant.id, deployment),
  ]);
  const withEnv =
    deployment.kind === "provision" &&
    (tenant.envCiphertext !== null || serviceRows.some((s) => s.envCiphertext));
  const secrets = withEnv ? await TenantSecrets.load(db, env, tenant) : undefined;
  const tenantSecrets = async () => secrets ?? TenantSecrets.load(db, env, tenant);
  const rollback = deployment.rollbackOf
    ? await rollbackImages(db, deployment.rollbackOf)
    : undefined;
  // A rollback runs the configuration its target recorded; env values are always current.
  const recorded = rollback ? (deployment.services ?? []) : [];
  const configOf = (service: (typeof serviceRows)[number]) =>
    recorded.find((r) => r.name === service.name) ?? service;
  const open = (slot: SecretSlot, ciphertext: string | null) =>
    ciphertext && secrets ? secrets.open<Record<string, string>>(slot, ciphertext) : {};
  const shared = await open(tenantEnvSlot(tenant.id), tenant.envCiphertext);
  const specServices = await Promise.all(
    serviceRows.map(async (service) => ({
      id: service.id,
      name: service.name,
      source: configOf(service).source,
      port: configOf(service).port,
      healthPath: configOf(service).healthPath,
      releaseCommand: service.releaseCommand,
      ...serviceShape(service),
      env: { ...shared, ...(await open(serviceEnvSlot(service.id), service.envCiphertext)) },
    })),
  );
  return UnclaimedSpecSchema.parse({
    deployment: {
      id: deployment.id,
      attempt: deployment.attempt,
      kind: deployment.kind,
      ...(rollback ? { rollback } : {}),
      ...(deployment.trigger === "suspend" || deployment.trigger === "resume"
        ? { suspension: deployment.trigger }
        : {}),
    },
    tenant: {
      id: tenant.id,
      organizationId: tenant.organizationId,
      name: tenant.name,
      slug: tenant.slug,
      plan: tenant.plan,
      labels: tenant.labels,
      wasReady: tenant.readyAt !== null,
    },
    services: specServices,
    database: await specDatabase(tenant, config, deployment.kind, tenantSecrets),
    ...network,
    credentials:
      deployment.kind === "provision" ? await specCredentials(db, tenant.id, tenantSecrets) : [],
    config,
    earlierBuilds: builds,
    ...(deployment.kind === "backup" || deployment.kind === "restore"
      ? { backup: await backupSpec(env, db, deployment, config, origin) }
      : {}),
    ...(deployment.kind === "provision" && deployment.rollout
      ? { rollout: deployment.rollout }
      : {}),
  });
}

import {
  type CreateTenantBody,
  MASKED_VALUE,
  type TenantDryRun,
} from "../contracts/api/tenants.ts";
import { type PlanQuota, type PlatformConfig, podsNeeded } from "../contracts/index.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { tenantPlanFor } from "../organization/default-tenant-plan.ts";
import { assertCreatable } from "./create-tenant.ts";
import { previewDetections } from "./preview-detections.ts";
import { assertValidCreate, chosenDatabase } from "./tenant-rules.ts";

/** What the tenant would take of its plan's object quotas (the create request refuses more). */
function planUsage(body: CreateTenantBody, quota: PlanQuota): TenantDryRun["usage"] {
  const database = body.database ? 1 : 0;
  const demand = { services: body.services.length, database: database === 1 };
  return {
    pods: { used: podsNeeded(quota, demand), allowed: quota.pods },
    services: { used: body.services.length + database, allowed: quota.services },
    persistentVolumeClaims: { used: database, allowed: quota.persistentVolumeClaims },
  };
}

type DetectionPreviews = TenantDryRun["services"][number]["detection"][];

function dryRunView(
  config: PlatformConfig,
  body: CreateTenantBody,
  plan: string,
  detections: DetectionPreviews,
): TenantDryRun {
  const quota = config.plans[plan] as PlanQuota;
  const host = `${body.slug}.${config.baseDomain}`;
  const database = chosenDatabase(config, body.database);
  return {
    dryRun: true,
    tenant: { name: body.name, slug: body.slug, url: `https://${host}`, labels: body.labels },
    plan: { name: plan, quota },
    services: body.services.map((service, index) => ({
      name: service.name,
      source: service.source,
      port: service.port ?? null,
      healthPath: service.healthPath,
      replicas: quota.replicas,
      env: Object.fromEntries(Object.keys(service.env).map((key) => [key, MASKED_VALUE])),
      build:
        service.source.type === "image"
          ? `runs ${service.source.image} as is`
          : "detected and built from the repository when the deployment runs",
      detection: detections[index] ?? null,
    })),
    database: database
      ? {
          ...database,
          image: config.databases[database.engine][database.version] ?? "",
          storage: quota.databaseStorage,
        }
      : null,
    domains: body.domains.map((domain) => ({
      domain,
      records: [{ type: "CNAME" as const, name: domain, value: host }],
    })),
    usage: planUsage(body, quota),
  };
}

/**
 * The create request checked exactly as a real one (platform rules, the plan's limits, slug and
 * domains free), answered with what would be created and, for a valid request, what detection
 * makes of each repository. Nothing is written.
 */
export async function dryRunTenant(
  scope: Pick<ProviderScope, "env" | "db" | "logger" | "principal">,
  body: CreateTenantBody,
  signal: AbortSignal,
): Promise<TenantDryRun> {
  const { env, db } = scope;
  const config = await loadPlatformConfig(db);
  const plan = await tenantPlanFor(db, config, scope.principal.organizationId, body.plan);
  assertValidCreate(config, env.ENCLAVE_MODE, body, plan);
  await assertCreatable(db, body);
  const detections = await previewDetections(
    scope,
    scope.principal.organizationId,
    config,
    body.services.map((service) => service.source),
    signal,
  );
  return dryRunView(config, body, plan, detections);
}

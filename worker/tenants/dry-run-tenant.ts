import {
  type CreateTenantBody,
  MASKED_VALUE,
  type TenantDryRun,
} from "../contracts/api/tenants.ts";
import { type PlanQuota, type PlatformConfig, podsNeeded } from "../contracts/index.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { assertCreatable } from "./create-tenant.ts";
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

function dryRunView(config: PlatformConfig, body: CreateTenantBody, plan: string): TenantDryRun {
  const quota = config.plans[plan] as PlanQuota;
  const host = `${body.slug}.${config.baseDomain}`;
  const database = chosenDatabase(config, body.database);
  return {
    dryRun: true,
    tenant: { name: body.name, slug: body.slug, url: `https://${host}`, labels: body.labels },
    plan: { name: plan, quota },
    services: body.services.map((service) => ({
      name: service.name,
      source: service.source,
      port: service.port,
      healthPath: service.healthPath,
      replicas: quota.replicas,
      env: Object.fromEntries(Object.keys(service.env).map((key) => [key, MASKED_VALUE])),
      build:
        service.source.type === "image"
          ? `runs ${service.source.image} as is`
          : "detected and built from the repository when the deployment runs",
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
 * domains free), answered with what would be created.
 * Nothing is written.
 */
export async function dryRunTenant(
  { env, db }: Pick<ProviderScope, "env" | "db">,
  body: CreateTenantBody,
): Promise<TenantDryRun> {
  const config = await loadPlatformConfig(db);
  const plan = body.plan ?? config.defaultPlan;
  assertValidCreate(config, env.ENCLAVE_MODE, body, plan);
  await assertCreatable(db, body);
  return dryRunView(config, body, plan);
}

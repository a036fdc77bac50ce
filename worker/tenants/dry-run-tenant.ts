import {
  type CreateTenantBody,
  MASKED_VALUE,
  type TenantDryRun,
} from "../contracts/api/tenants.ts";
import type { PlanQuota, PlatformConfig } from "../contracts/index.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import type { FieldError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { assertCreatable } from "./create-tenant.ts";
import { assertNoErrors, assertValidCreate, chosenDatabase } from "./tenant-rules.ts";

/** What the tenant would take of its plan's object quotas: one app pod per replica. */
function planUsage(body: CreateTenantBody, quota: PlanQuota): TenantDryRun["usage"] {
  const database = body.database ? 1 : 0;
  return {
    pods: { used: body.services.length * quota.replicas + database, allowed: quota.pods },
    services: { used: body.services.length + database, allowed: quota.services },
    persistentVolumeClaims: { used: database, allowed: quota.persistentVolumeClaims },
  };
}

function planFitErrors(usage: TenantDryRun["usage"], plan: string): FieldError[] {
  return Object.entries(usage)
    .filter(([, { used, allowed }]) => used > allowed)
    .map(([what, { used, allowed }]) => ({
      path: "plan",
      message: `needs ${used} ${what} but the ${plan} plan allows ${allowed}`,
    }));
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
 * The create request checked exactly as a real one (platform rules, slug and domains free)
 * plus whether the tenant fits its plan's quotas, answered with what would be created.
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
  const view = dryRunView(config, body, plan);
  assertNoErrors(planFitErrors(view.usage, plan));
  return view;
}

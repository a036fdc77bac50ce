import { count, eq } from "drizzle-orm";
import type { CreateTenantBody } from "../contracts/api/tenants.ts";
import {
  type DatabaseEngine,
  type PlanDemand,
  type PlatformConfig,
  planShortfalls,
  type ServiceSource,
} from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { services } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { ApiError, type FieldError } from "../errors/api-error.ts";
import { servicePods } from "../services/service-pods.ts";
import { gitUrlProblem } from "./git-url.ts";

/** Plans and database versions come from platform configuration, so they are checked here. */
export function planErrors(config: PlatformConfig, plan: string): FieldError[] {
  return config.plans[plan]
    ? []
    : [{ path: "plan", message: `must be one of: ${Object.keys(config.plans).join(", ")}` }];
}

/** A git URL the runner may not clone, reported at `path`; other sources have no such rule. */
export function sourceErrors(
  source: ServiceSource,
  mode: Env["ENCLAVE_MODE"],
  path: string,
): FieldError[] {
  if (source.type !== "git") return [];
  const problem = gitUrlProblem(source.url, mode);
  return problem ? [{ path: `${path}.url`, message: problem }] : [];
}

/**
 * A 422 naming every limit of the plan the tenant would exceed, before anything is written or
 * built. An unknown plan is left to `planErrors`.
 */
export function assertPlanFits(config: PlatformConfig, plan: string, demand: PlanDemand): void {
  const quota = config.plans[plan];
  const shortfalls = quota ? planShortfalls(plan, quota, demand) : [];
  if (shortfalls.length > 0) {
    throw new ApiError(
      "plan_limit_exceeded",
      `The tenant does not fit the ${plan} plan: ${shortfalls.join("; ")}. Choose a larger plan or fewer services.`,
      shortfalls.map((message) => ({ path: "plan", message })),
    );
  }
}

/** What an existing tenant asks of a plan, from its records. */
export async function planDemand(
  db: Database,
  tenant: { id: string; databaseEngine: string | null },
): Promise<PlanDemand> {
  const [row] = await db
    .select({ count: count() })
    .from(services)
    .where(eq(services.tenantId, tenant.id));
  return { services: row?.count ?? 0, database: tenant.databaseEngine !== null };
}

/** The database a tenant gets: a request without a version gets the platform's default one. */
export function chosenDatabase(
  config: PlatformConfig,
  database: { engine: DatabaseEngine; version?: string | undefined } | null | undefined,
): { engine: DatabaseEngine; version: string } | null {
  if (!database) return null;
  return {
    engine: database.engine,
    version: database.version ?? config.databaseDefaultVersions[database.engine],
  };
}

export function assertNoErrors(errors: FieldError[]): void {
  if (errors.length > 0) throw new ApiError("validation_failed", "The request is invalid", errors);
}

/** A custom domain may not sit under the platform's own domain, which routes tenants by slug. */
export function platformDomainRefusal(config: PlatformConfig, domain: string): string | null {
  const base = config.baseDomain.toLowerCase();
  return domain === base || domain.endsWith(`.${base}`)
    ? `must not be under the platform domain ${base}; every tenant already gets <slug>.${base}`
    : null;
}

export function assertValidCreate(
  config: PlatformConfig,
  mode: Env["ENCLAVE_MODE"],
  body: CreateTenantBody,
  plan: string,
): void {
  const errors = planErrors(config, plan);
  const database = chosenDatabase(config, body.database);
  if (database) {
    const versions = Object.keys(config.databases[database.engine]);
    if (!versions.includes(database.version)) {
      errors.push({ path: "database.version", message: `must be one of: ${versions.join(", ")}` });
    }
  }
  body.domains.forEach((domain, index) => {
    const refusal = platformDomainRefusal(config, domain);
    if (refusal) errors.push({ path: `domains.${index}`, message: refusal });
  });
  body.services.forEach((service, index) => {
    errors.push(...sourceErrors(service.source, mode, `services.${index}.source`));
  });
  assertNoErrors(errors);
  assertPlanFits(config, plan, {
    services: body.services.length,
    database: database !== null,
    servicePods: servicePods(config.plans[plan], body.services),
  });
}

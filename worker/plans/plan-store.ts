import { and, count, eq, isNull, or } from "drizzle-orm";
import { type PlanQuota, PlatformConfig } from "../contracts/index.ts";
import { auditInsert, platformAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { organizations, platformConfig, tenants } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { nowIso } from "../lib/time.ts";

/**
 * Plans are the platform configuration's `plans` key: the admin plan routes read and write
 * that one row, so `/v1/admin/config` and every deployment spec's `config.plans` see the same
 * plans. A write replaces the row with the effective plans and the change, validated as the
 * whole configuration it would make.
 */
async function configRows(db: Database): Promise<Record<string, unknown>> {
  const rows = await db.select().from(platformConfig);
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export async function readPlans(
  db: Database,
): Promise<{ plans: Record<string, PlanQuota>; defaultPlan: string }> {
  const config = PlatformConfig.parse(await configRows(db));
  return { plans: config.plans, defaultPlan: config.defaultPlan };
}

export async function findPlan(db: Database, name: string): Promise<PlanQuota> {
  const { plans } = await readPlans(db);
  const plan = Object.hasOwn(plans, name) ? plans[name] : undefined;
  if (!plan) throw new ApiError("not_found", `no plan named ${name}`);
  return plan;
}

async function writePlans(
  db: Database,
  plans: Record<string, PlanQuota>,
  audit: { requestId: string; action: string; name: string },
): Promise<PlatformConfig> {
  const overrides = { ...(await configRows(db)), plans };
  const parsed = PlatformConfig.safeParse(overrides);
  if (!parsed.success) {
    throw new ApiError(
      "validation_failed",
      "the configuration would be invalid",
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
      })),
    );
  }
  const updatedAt = nowIso();
  await db.batch([
    db
      .insert(platformConfig)
      .values({ key: "plans", value: plans, updatedAt })
      .onConflictDoUpdate({ target: platformConfig.key, set: { value: plans, updatedAt } }),
    auditInsert(db, platformAudit(audit.requestId, audit.action, "plan", audit.name)),
  ]);
  return parsed.data;
}

/** Creates or replaces the plan `name`; tenants on it get the change with their next deployment. */
export async function putPlan(
  db: Database,
  name: string,
  plan: PlanQuota,
  requestId: string,
): Promise<PlanQuota> {
  const { plans } = await readPlans(db);
  const config = await writePlans(
    db,
    { ...plans, [name]: plan },
    { requestId, action: "plan.update", name },
  );
  return config.plans[name] as PlanQuota;
}

/** Removes a plan nobody is on: not the default, no live tenant, no organization on it or defaulting to it. */
export async function deletePlan(db: Database, name: string, requestId: string): Promise<void> {
  const { plans, defaultPlan } = await readPlans(db);
  if (!Object.hasOwn(plans, name)) throw new ApiError("not_found", `no plan named ${name}`);
  if (name === defaultPlan) {
    throw new ApiError(
      "invalid_state",
      `${name} is the default plan; make another plan the default (defaultPlan) first`,
    );
  }
  const [onTenants] = await db
    .select({ n: count() })
    .from(tenants)
    .where(and(eq(tenants.plan, name), isNull(tenants.deletedAt)));
  const [onOrganizations] = await db
    .select({ n: count() })
    .from(organizations)
    .where(or(eq(organizations.plan, name), eq(organizations.defaultTenantPlan, name)));
  if ((onTenants?.n ?? 0) > 0 || (onOrganizations?.n ?? 0) > 0) {
    throw new ApiError(
      "invalid_state",
      `the ${name} plan is in use by ${onTenants?.n ?? 0} tenant(s) and ${onOrganizations?.n ?? 0} organization(s); move them to another plan first`,
    );
  }
  const { [name]: _removed, ...rest } = plans;
  await writePlans(db, rest, { requestId, action: "plan.delete", name });
}

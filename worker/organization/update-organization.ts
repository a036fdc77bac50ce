import { eq } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import { auditInsert, principalAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { organizations } from "../db/schema.ts";
import { ApiError, notFound } from "../errors/api-error.ts";

export async function readOrganization(db: Database, organizationId: string) {
  const [row] = await db
    .select()
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!row) throw notFound("Organization");
  return row;
}

type OrganizationChange = Partial<
  Pick<typeof organizations.$inferInsert, "name" | "webhookDefaults">
> & {
  plan?: string | null | undefined;
  defaultTenantPlan?: string | null | undefined;
};

const PLAN_FIELDS = ["plan", "defaultTenantPlan"] as const;

/**
 * Name, plan and the defaults new tenants and webhooks get; a plan the platform configuration
 * does not have is refused.
 */
export async function updateOrganization(
  {
    db,
    principal,
    config,
    requestId,
  }: {
    db: Database;
    principal: Principal;
    config: PlatformConfig;
    requestId: string;
  },
  change: OrganizationChange,
) {
  const unknownPlans = PLAN_FIELDS.filter((field) => {
    const plan = change[field];
    return typeof plan === "string" && !Object.hasOwn(config.plans, plan);
  });
  if (unknownPlans.length > 0) {
    const message = `must be one of: ${Object.keys(config.plans).join(", ")}`;
    throw new ApiError(
      "validation_failed",
      "The request is invalid",
      unknownPlans.map((path) => ({ path, message })),
    );
  }
  const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return readOrganization(db, principal.organizationId);
  const [[row]] = await db.batch([
    db
      .update(organizations)
      .set(set)
      .where(eq(organizations.id, principal.organizationId))
      .returning(),
    auditInsert(
      db,
      principalAudit(
        principal,
        requestId,
        "organization.update",
        "organization",
        principal.organizationId,
        {
          fields: Object.keys(set),
          ...("plan" in set ? { plan: set.plan } : {}),
          ...("defaultTenantPlan" in set ? { defaultTenantPlan: set.defaultTenantPlan } : {}),
        },
      ),
    ),
  ]);
  if (!row) throw notFound("Organization");
  return row;
}

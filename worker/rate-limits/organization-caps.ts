import { and, count, eq, inArray, isNull } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { deployments, tenants } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { organizationPlan } from "./budgets.ts";

/**
 * The organization's caps of its plan, checked before a tenant or a deployment is written:
 * `maxTenants` for a new tenant, `maxConcurrentDeployments` for any deployment that builds or
 * changes something (a deprovision is never refused, so a capped organization can always shrink).
 * The count and the write are separate requests, so requests racing at the cap may pass it by
 * as many as are in flight together; the caps bound use, they are not security boundaries.
 */
export async function assertOrganizationCaps(
  db: Database,
  config: PlatformConfig,
  principal: Pick<Principal, "organizationId" | "organizationPlan">,
  adding: { tenant: boolean },
): Promise<void> {
  const { name, quota } = organizationPlan(config, principal);
  const [[tenantCount], [deploymentCount]] = await db.batch([
    db
      .select({ n: count() })
      .from(tenants)
      .where(and(eq(tenants.organizationId, principal.organizationId), isNull(tenants.deletedAt))),
    db
      .select({ n: count() })
      .from(deployments)
      .where(
        and(
          eq(deployments.organizationId, principal.organizationId),
          inArray(deployments.status, ["queued", "running"]),
        ),
      ),
  ]);
  const tenantsNow = tenantCount?.n ?? 0;
  if (adding.tenant && tenantsNow >= quota.maxTenants) {
    throw new ApiError(
      "organization_limit_reached",
      `The organization has ${tenantsNow} tenants: the ${name} plan's maxTenants is ${quota.maxTenants}`,
      [{ path: "maxTenants", message: `the ${name} plan allows ${quota.maxTenants} tenants` }],
    );
  }
  const active = deploymentCount?.n ?? 0;
  if (active >= quota.maxConcurrentDeployments) {
    throw new ApiError(
      "organization_limit_reached",
      `The organization has ${active} deployments queued or running: the ${name} plan's maxConcurrentDeployments is ${quota.maxConcurrentDeployments}`,
      [
        {
          path: "maxConcurrentDeployments",
          message: `the ${name} plan allows ${quota.maxConcurrentDeployments} deployments at once`,
        },
      ],
    );
  }
}

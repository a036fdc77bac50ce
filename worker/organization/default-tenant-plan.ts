import { eq } from "drizzle-orm";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { organizations } from "../db/schema.ts";

/**
 * The plan of a tenant being created: the one its request names, else its organization's
 * `defaultTenantPlan`, else the platform's `defaultPlan`.
 */
export async function tenantPlanFor(
  db: Database,
  config: PlatformConfig,
  organizationId: string,
  requested: string | undefined,
): Promise<string> {
  if (requested) return requested;
  const [row] = await db
    .select({ plan: organizations.defaultTenantPlan })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .limit(1);
  return row?.plan ?? config.defaultPlan;
}

import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { services } from "../db/schema.ts";
import { tenantDeployments } from "./tenant-deployments.ts";
import { tenantView } from "./tenant-view.ts";

/** The organization's tenant with its services, as the API shows it; another's is a 404. */
export async function tenantWithServices(db: Database, organizationId: string, id: string) {
  const row = await findOwnedTenant(db, organizationId, id);
  const [config, serviceRows, deploymentRows] = await Promise.all([
    loadPlatformConfig(db),
    db.select().from(services).where(eq(services.tenantId, row.id)),
    tenantDeployments(db, [row]),
  ]);
  return tenantView(row, serviceRows, config, deploymentRows);
}

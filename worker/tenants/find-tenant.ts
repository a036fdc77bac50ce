import { inArray, or } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { ownedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { deployments, domains, services, tenants } from "../db/schema.ts";
import { notFound } from "../errors/api-error.ts";
import { tenantView } from "./tenant-view.ts";

/**
 * The organization's tenant with its services and the deployments its view names, as the API
 * shows it; another's is a 404. One D1 round trip: the services and deployments are selected
 * through sub-selects of the same owned-tenant condition, so none waits for the tenant row.
 */
export async function tenantWithServices(
  db: Database,
  organizationId: string,
  id: string,
  config?: PlatformConfig,
) {
  const owned = ownedTenant(organizationId, id);
  const ownedColumn = (column: AnySQLiteColumn) =>
    db.select({ id: column }).from(tenants).where(owned);
  const [[tenantRows, serviceRows, deploymentRows, domainRows], platform] = await Promise.all([
    db.batch([
      db.select().from(tenants).where(owned).limit(1),
      db
        .select()
        .from(services)
        .where(inArray(services.tenantId, ownedColumn(tenants.id))),
      db
        .select()
        .from(deployments)
        .where(
          or(
            inArray(deployments.id, ownedColumn(tenants.lastDeploymentId)),
            inArray(deployments.id, ownedColumn(tenants.servingDeploymentId)),
          ),
        ),
      db
        .select({ tenantId: domains.tenantId, domain: domains.domain })
        .from(domains)
        .where(inArray(domains.tenantId, ownedColumn(tenants.id)))
        .orderBy(domains.createdAt),
    ]),
    config ?? loadPlatformConfig(db),
  ]);
  const [row] = tenantRows;
  if (!row) throw notFound("Tenant");
  return tenantView(
    row,
    serviceRows,
    platform,
    new Map(deploymentRows.map((deployment) => [deployment.id, deployment])),
    domainRows,
  );
}

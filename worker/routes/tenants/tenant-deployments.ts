import { eq, inArray, sql } from "drizzle-orm";
import { selectInChunks } from "../../db/bound-lists.ts";
import type { Database } from "../../db/client.ts";
import { deployments, services, type tenants } from "../../db/schema.ts";

type TenantRow = typeof tenants.$inferSelect;
export type DeploymentRow = typeof deployments.$inferSelect;

/**
 * The deployments a tenant view names (the last one and the one serving), by id. The ids come
 * from the tenant rows, so a page of tenants costs one query per chunk of ids, not two per tenant.
 */
export async function tenantDeployments(
  db: Database,
  rows: TenantRow[],
): Promise<Map<string, DeploymentRow>> {
  const ids = [
    ...new Set(rows.flatMap((row) => [row.lastDeploymentId, row.servingDeploymentId])),
  ].filter((id): id is string => id !== null);
  const found = await selectInChunks(ids, 0, (chunk) =>
    db.select().from(deployments).where(inArray(deployments.id, chunk)),
  );
  return new Map(found.map((row) => [row.id, row]));
}

/**
 * Records on the deployment the tenant's services as they are once the rest of its batch has
 * run: the configuration this deployment brings to the cluster, env values left out. It goes
 * last in the batch, after the request's own changes.
 */
export const recordDeployedServices = (db: Database, deploymentId: string, tenantId: string) =>
  db
    .update(deployments)
    .set({
      services: sql`(SELECT json_group_array(json_object('name', ${services.name}, 'source', json(${services.source}), 'port', ${services.port}, 'healthPath', ${services.healthPath})) FROM ${services} WHERE ${services.tenantId} = ${tenantId})`,
    })
    .where(eq(deployments.id, deploymentId));

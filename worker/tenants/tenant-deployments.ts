import { inArray } from "drizzle-orm";
import { selectInChunks } from "../db/bound-lists.ts";
import type { Database } from "../db/client.ts";
import { deployments, type tenants } from "../db/schema.ts";
import { DEPLOYMENT_VIEW_COLUMNS, type DeploymentViewRow } from "./tenant-view.ts";

type TenantRow = Pick<typeof tenants.$inferSelect, "lastDeploymentId" | "servingDeploymentId">;

/**
 * The deployments a tenant view names (the last one and the one serving), by id. The ids come
 * from the tenant rows, so a page of tenants costs one query per chunk of ids, not two per tenant.
 */
export async function tenantDeployments(
  db: Database,
  rows: TenantRow[],
): Promise<Map<string, DeploymentViewRow>> {
  const ids = [
    ...new Set(rows.flatMap((row) => [row.lastDeploymentId, row.servingDeploymentId])),
  ].filter((id): id is string => id !== null);
  const found = await selectInChunks(ids, 0, (chunk) =>
    db.select(DEPLOYMENT_VIEW_COLUMNS).from(deployments).where(inArray(deployments.id, chunk)),
  );
  return new Map(found.map((row) => [row.id, row]));
}

import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { deployments } from "../db/schema.ts";
import { afterCursor, newestFirst, toPage } from "../lib/pagination.ts";
import { deploymentView } from "./deployment-view.ts";

interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

/** A page of one of the organization's tenants' deployments, newest first. */
export async function listTenantDeployments(
  db: Database,
  organizationId: string,
  tenantId: string,
  { cursor, limit }: PageRequest,
) {
  const tenant = await findOwnedTenant(db, organizationId, tenantId);
  const rows = await db
    .select()
    .from(deployments)
    .where(and(eq(deployments.tenantId, tenant.id), afterCursor(deployments, cursor)))
    .orderBy(...newestFirst(deployments))
    .limit(limit + 1);
  return toPage(rows, limit, deploymentView);
}

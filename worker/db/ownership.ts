import { and, eq, isNull, type SQLWrapper } from "drizzle-orm";
import { ID_PREFIXES } from "../contracts/index.ts";
import { notFound } from "../errors/api-error.ts";
import type { Database } from "./client.ts";
import { deployments, services, tenants } from "./schema.ts";

/**
 * Lookups scoped to the caller's organization. Another organization's object is the same
 * 404 as a missing one, so ids cannot be probed across organizations.
 */
export async function findOwnedTenant(db: Database, organizationId: string, id: string) {
  const [row] = await db.select().from(tenants).where(ownedTenant(organizationId, id)).limit(1);
  if (!row) throw notFound("Tenant");
  return row;
}

export async function findOwnedDeployment(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(deployments)
    .where(and(eq(deployments.id, id), eq(deployments.organizationId, organizationId)))
    .limit(1);
  if (!row) throw notFound("Deployment");
  return row;
}

/** The condition naming the organization's tenant `id` (an id or a slug). */
export const ownedTenant = (organizationId: string, id: string) =>
  ownedTenantBy(tenantAddress(id), organizationId, id);

/**
 * Tenants are addressed by id or by slug: ids carry the `ten_` prefix, which no slug can take
 * (slugs have no underscore).
 */
export const tenantAddress = (idOrSlug: string): "id" | "slug" =>
  idOrSlug.startsWith(`${ID_PREFIXES.tenant}_`) ? "id" : "slug";

/**
 * `ownedTenant` for an address already told apart, with values that may be SQL (placeholders of a
 * prepared read, a sub-select). A slug names the live tenant that holds it, never a deleted one.
 */
export const ownedTenantBy = (
  by: "id" | "slug",
  organizationId: string | SQLWrapper,
  idOrSlug: string | SQLWrapper,
) =>
  and(
    by === "id"
      ? eq(tenants.id, idOrSlug)
      : and(eq(tenants.slug, idOrSlug), isNull(tenants.deletedAt)),
    eq(tenants.organizationId, organizationId),
  );

/** A service by name, within a tenant already found through `findOwnedTenant`. */
export async function findTenantService(db: Database, tenantId: string, name: string) {
  const [row] = await db
    .select()
    .from(services)
    .where(and(eq(services.tenantId, tenantId), eq(services.name, name)))
    .limit(1);
  if (!row) throw notFound("Service");
  return row;
}

import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { domains } from "../db/schema.ts";
import { notFound } from "../errors/api-error.ts";

/** The organization's tenant and one of its domains; another organization's is a 404. */
export async function findOwnedDomain(
  db: Database,
  organizationId: string,
  tenantId: string,
  domain: string,
) {
  const tenant = await findOwnedTenant(db, organizationId, tenantId);
  const [row] = await db
    .select()
    .from(domains)
    .where(and(eq(domains.tenantId, tenant.id), eq(domains.domain, domain.toLowerCase())))
    .limit(1);
  if (!row) throw notFound("Domain");
  return { tenant, row };
}

export const tenantDomains = (db: Database, tenantId: string) =>
  db
    .select()
    .from(domains)
    .where(eq(domains.tenantId, tenantId))
    .orderBy(asc(domains.createdAt), asc(domains.domain));

import { asc, eq } from "drizzle-orm";
import { findOwnedTenant } from "../db/ownership.ts";
import { credentials } from "../db/schema.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { credentialView } from "./credential-view.ts";

export async function listCredentials({ db, principal }: ProviderScope, tenantId: string) {
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const rows = await db
    .select()
    .from(credentials)
    .where(eq(credentials.tenantId, tenant.id))
    .orderBy(asc(credentials.createdAt), asc(credentials.name));
  return { credentials: rows.map(credentialView) };
}

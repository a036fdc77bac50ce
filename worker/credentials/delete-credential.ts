import { and, eq } from "drizzle-orm";
import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { credentials } from "../db/schema.ts";
import { notFound } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { credentialChange } from "./credential-view.ts";

/** The row and its sealed secret go; the cluster drops it with the next deployment. */
export async function deleteCredential(
  { db, principal, requestId }: ProviderScope,
  tenantId: string,
  credentialId: string,
) {
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const [row] = await db
    .select()
    .from(credentials)
    .where(and(eq(credentials.id, credentialId), eq(credentials.tenantId, tenant.id)))
    .limit(1);
  if (!row) throw notFound("Credential");
  await db.batch([
    db.delete(credentials).where(eq(credentials.id, row.id)),
    auditInsert(
      db,
      principalAudit(principal, requestId, "credential.delete", "credential", row.id, {
        tenantId: tenant.id,
        name: row.name,
        kind: row.kind,
      }),
    ),
  ]);
  return credentialChange(row);
}

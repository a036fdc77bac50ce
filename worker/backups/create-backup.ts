import { principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { queueBackup } from "./queue-backup.ts";

/** POST /v1/tenants/:id/database/backups: an on-demand backup. */
export async function createBackup(scope: ProviderScope, tenantId: string) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  return queueBackup({
    ...scope,
    tenant,
    origin: "on_demand",
    audit: principalAudit(principal, requestId, "backup.create", "backup", null),
  });
}

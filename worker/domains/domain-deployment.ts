import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type AuditEntry, auditInsert } from "../db/audit.ts";
import { services, type tenants } from "../db/schema.ts";
import { redeploy } from "../deployments/redeploy.ts";
import { envRollout } from "../env/rolled-services.ts";
import type { ProviderScope } from "../lib/request-scope.ts";

type TenantRow = typeof tenants.$inferSelect;

/**
 * Writes a change of the tenant's routed domains with the deployment that applies it: on the
 * serving images when the tenant serves what its records describe (only the routes are
 * converged), otherwise the full pipeline.
 */
export async function deployDomainChange(
  scope: ProviderScope,
  tenant: TenantRow,
  changes: BatchItem<"sqlite">[],
  audit: AuditEntry,
) {
  const { db } = scope;
  const serviceRows = await db.select().from(services).where(eq(services.tenantId, tenant.id));
  return redeploy({
    ...scope,
    tenant,
    trigger: "domain_change",
    rollout: await envRollout(db, tenant, serviceRows, []),
    changes,
    audit,
  });
}

/** The change alone, for a tenant that no deployment needs to converge now. */
export const writeDomainChange = (
  { db }: ProviderScope,
  changes: BatchItem<"sqlite">[],
  audit: AuditEntry,
) => db.batch([auditInsert(db, audit), ...changes]);

import { auditInsert, principalAudit } from "../db/audit.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { domains } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { assertNoErrors, platformDomainRefusal } from "../tenants/tenant-rules.ts";
import {
  assertDomainsFree,
  domainTaken,
  isDomainConflict,
  pendingDomainRows,
} from "./claim-domains.ts";
import { domainView } from "./domain-view.ts";
import { tenantDomains } from "./find-domain.ts";

export const MAX_TENANT_DOMAINS = 20;

/**
 * Claims a hostname for the tenant as a pending domain and answers with the DNS records that
 * prove and route it. Nothing is routed until `verify` finds them.
 */
export async function addDomain(scope: ProviderScope, tenantId: string, domain: string) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  if (tenant.status === "deleting" || tenant.status === "deleted") {
    throw new ApiError("invalid_state", `The tenant is ${tenant.status}`);
  }
  const config = await loadPlatformConfig(db);
  const refusal = platformDomainRefusal(config, domain);
  assertNoErrors(refusal ? [{ path: "domain", message: refusal }] : []);
  if ((await tenantDomains(db, tenant.id)).length >= MAX_TENANT_DOMAINS) {
    throw new ApiError("validation_failed", `A tenant has at most ${MAX_TENANT_DOMAINS} domains`, [
      { path: "domain", message: `the tenant already has ${MAX_TENANT_DOMAINS} domains` },
    ]);
  }
  await assertDomainsFree(db, [domain]);
  const [row] = pendingDomainRows(tenant, [domain], nowIso());
  if (!row) throw new Error("no domain row");
  try {
    const [[inserted]] = await db.batch([
      db.insert(domains).values(row).returning(),
      auditInsert(
        db,
        principalAudit(principal, requestId, "domain.add", "domain", row.id, {
          tenantId: tenant.id,
          domain,
        }),
      ),
    ]);
    if (!inserted) throw new Error("domain insert returned no row");
    return domainView(inserted, tenant.slug, config);
  } catch (error) {
    if (isDomainConflict(error)) throw domainTaken(domain);
    throw error;
  }
}

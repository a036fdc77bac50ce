import { eq } from "drizzle-orm";
import { principalAudit } from "../db/audit.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { domains } from "../db/schema.ts";
import { assertRedeployable } from "../deployments/redeploy.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { deployDomainChange, writeDomainChange } from "./domain-deployment.ts";
import { domainView } from "./domain-view.ts";
import { findOwnedDomain } from "./find-domain.ts";

/**
 * Releases the hostname. A domain a ready tenant may be routing is removed with the deployment
 * that takes its route and certificate down, so it is refused (409) while another deployment
 * runs: the hostname must not be free to claim while it still reaches this tenant.
 */
export async function removeDomain(scope: ProviderScope, tenantId: string, name: string) {
  const { db, principal, requestId } = scope;
  const { tenant, row } = await findOwnedDomain(db, principal.organizationId, tenantId, name);
  const config = await loadPlatformConfig(db);
  const remove = db.delete(domains).where(eq(domains.id, row.id));
  const audit = principalAudit(principal, requestId, "domain.remove", "domain", row.id, {
    tenantId: tenant.id,
    domain: row.domain,
  });
  const view = domainView(row, tenant.slug, config);
  if (row.verifiedAt !== null && tenant.readyAt !== null) {
    await assertRedeployable(db, tenant);
    const { deployment, links } = await deployDomainChange(scope, tenant, [remove], audit);
    return { domain: view, deployment, links };
  }
  await writeDomainChange(scope, [remove], audit);
  return { domain: view };
}

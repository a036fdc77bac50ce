import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { SpecCustomDomain, SpecNetworkRule, SpecReconcile } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { type DeploymentTrigger, domains, networkRules } from "../db/schema.ts";

/** Triggers whose deployment, on the serving images, converges only what changed. */
const RECONCILES: Partial<Record<DeploymentTrigger, SpecReconcile>> = {
  network_change: "network_rules",
  domain_change: "custom_domains",
};

/**
 * The spec's verified custom domains and network rules, and for a domain or network change
 * queued with a rollout on the serving images, what the runner converges alone.
 */
export async function tenantNetworkSpec(
  db: Database,
  tenantId: string,
  deployment: { trigger: DeploymentTrigger; rollout: unknown },
): Promise<{
  customDomains: SpecCustomDomain[];
  networkRules: SpecNetworkRule[];
  reconcile?: SpecReconcile;
}> {
  const [domainRows, ruleRows] = await Promise.all([
    db
      .select({ id: domains.id, domain: domains.domain })
      .from(domains)
      .where(and(eq(domains.tenantId, tenantId), isNotNull(domains.verifiedAt)))
      .orderBy(asc(domains.createdAt), asc(domains.domain)),
    db
      .select({
        id: networkRules.id,
        cidr: networkRules.cidr,
        protocol: networkRules.protocol,
        ports: networkRules.ports,
      })
      .from(networkRules)
      .where(eq(networkRules.tenantId, tenantId))
      .orderBy(asc(networkRules.createdAt), asc(networkRules.id)),
  ]);
  const reconcile = deployment.rollout ? RECONCILES[deployment.trigger] : undefined;
  return { customDomains: domainRows, networkRules: ruleRows, ...(reconcile ? { reconcile } : {}) };
}

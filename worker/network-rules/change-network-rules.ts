import { and, asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AddNetworkRuleBody } from "../contracts/api/network-rules.ts";
import { MAX_NETWORK_RULES } from "../contracts/api/network-rules.ts";
import type { AuditEntry } from "../db/audit.ts";
import { principalAudit } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { networkRules, services, type tenants } from "../db/schema.ts";
import { assertRedeployable, redeploy } from "../deployments/redeploy.ts";
import { envRollout } from "../env/rolled-services.ts";
import { notFound } from "../errors/api-error.ts";
import { newId } from "../lib/ids.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { assertNoErrors } from "../tenants/tenant-rules.ts";
import { cidrRefusal, DNS_PORTS, normalizedCidr } from "./rule-checks.ts";

type RuleRow = typeof networkRules.$inferSelect;

export const ruleView = ({ tenantId: _t, organizationId: _o, ...visible }: RuleRow) => visible;

export const tenantRules = (db: Database, tenantId: string) =>
  db
    .select()
    .from(networkRules)
    .where(eq(networkRules.tenantId, tenantId))
    .orderBy(asc(networkRules.createdAt), asc(networkRules.id));

/**
 * The rule change with the deployment that renders the rules (trigger `network_change`): on
 * the serving images only the policies are converged, otherwise the full pipeline runs.
 */
async function deployRules(
  scope: ProviderScope,
  tenant: typeof tenants.$inferSelect,
  change: BatchItem<"sqlite">,
  audit: AuditEntry,
) {
  const serviceRows = await scope.db
    .select()
    .from(services)
    .where(eq(services.tenantId, tenant.id));
  return redeploy({
    ...scope,
    tenant,
    trigger: "network_change",
    rollout: await envRollout(scope.db, tenant, serviceRows, []),
    changes: [change],
    audit,
  });
}

export async function addNetworkRule(
  scope: ProviderScope,
  tenantId: string,
  body: AddNetworkRuleBody,
) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const config = await loadPlatformConfig(db);
  const refusal = cidrRefusal(config, body.cidr);
  assertNoErrors([
    ...(refusal ? [{ path: "cidr", message: refusal }] : []),
    ...body.ports.flatMap((port, index) =>
      DNS_PORTS.includes(port)
        ? [{ path: `ports.${index}`, message: "DNS goes only to the cluster's DNS" }]
        : [],
    ),
  ]);
  if ((await tenantRules(db, tenant.id)).length >= MAX_NETWORK_RULES) {
    assertNoErrors([
      { path: "cidr", message: `the tenant already has ${MAX_NETWORK_RULES} network rules` },
    ]);
  }
  await assertRedeployable(db, tenant);
  const row: RuleRow = {
    id: newId("networkRule"),
    tenantId: tenant.id,
    organizationId: principal.organizationId,
    cidr: normalizedCidr(body.cidr),
    protocol: body.protocol,
    ports: body.ports,
    description: body.description ?? null,
    createdAt: nowIso(),
  };
  const { deployment, links } = await deployRules(
    scope,
    tenant,
    db.insert(networkRules).values(row),
    principalAudit(principal, requestId, "network_rule.add", "network_rule", row.id, {
      tenantId: tenant.id,
      cidr: row.cidr,
      protocol: row.protocol,
      ports: row.ports,
    }),
  );
  return { networkRule: ruleView(row), deployment, links };
}

export async function removeNetworkRule(scope: ProviderScope, tenantId: string, ruleId: string) {
  const { db, principal, requestId } = scope;
  const tenant = await findOwnedTenant(db, principal.organizationId, tenantId);
  const [row] = await db
    .select()
    .from(networkRules)
    .where(and(eq(networkRules.id, ruleId), eq(networkRules.tenantId, tenant.id)))
    .limit(1);
  if (!row) throw notFound("Network rule");
  await assertRedeployable(db, tenant);
  const { deployment, links } = await deployRules(
    scope,
    tenant,
    db.delete(networkRules).where(eq(networkRules.id, row.id)),
    principalAudit(principal, requestId, "network_rule.remove", "network_rule", row.id, {
      tenantId: tenant.id,
      cidr: row.cidr,
    }),
  );
  return { networkRule: ruleView(row), deployment, links };
}

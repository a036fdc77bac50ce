import { eq } from "drizzle-orm";
import { principalAudit } from "../db/audit.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { domains } from "../db/schema.ts";
import { assertRedeployable } from "../deployments/redeploy.ts";
import { ApiError } from "../errors/api-error.ts";
import type { ProviderScope } from "../lib/request-scope.ts";
import { nowIso } from "../lib/time.ts";
import { emitWebhookEvents } from "../webhooks/emit.ts";
import { lifecycleEvent } from "../webhooks/webhook-events.ts";
import { dnsRefusal } from "./check-dns.ts";
import { deployDomainChange, writeDomainChange } from "./domain-deployment.ts";
import { challengeName, platformHost } from "./domain-records.ts";
import { domainView } from "./domain-view.ts";
import { findOwnedDomain } from "./find-domain.ts";

/** Whether a deployment of the tenant may start now; a refusal leaves the change to the next. */
async function canDeploy(scope: ProviderScope, tenant: Parameters<typeof assertRedeployable>[1]) {
  if (tenant.readyAt === null) return false;
  try {
    await assertRedeployable(scope.db, tenant);
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}

/**
 * Checks the domain's DNS records. A domain they prove becomes `verified` (once: a verified
 * domain stays so), `domain.verified` is sent, and a ready tenant gets a deployment that routes
 * it; one they do not becomes `failed` with what is missing, and can be checked again.
 */
export async function verifyDomain(
  scope: ProviderScope,
  tenantId: string,
  name: string,
  fetcher: typeof fetch = fetch,
) {
  const { db, env, principal, requestId } = scope;
  const { tenant, row } = await findOwnedDomain(db, principal.organizationId, tenantId, name);
  const config = await loadPlatformConfig(db);
  const view = (r: typeof row) => domainView(r, tenant.slug, config);
  if (row.verifiedAt !== null) return { domain: view(row) };

  const refusal = await dnsRefusal(
    {
      domain: row.domain,
      challengeName: challengeName(row.domain),
      token: row.verificationToken,
      platformHost: platformHost(tenant.slug, config),
      ingressAddress: config.domains.ingressAddress,
    },
    config.domains.dnsResolverUrl,
    fetcher,
  );
  const now = nowIso();
  const update = db
    .update(domains)
    .set(
      refusal
        ? { status: "failed", statusReason: refusal, updatedAt: now }
        : { status: "verified", statusReason: null, verifiedAt: now, updatedAt: now },
    )
    .where(eq(domains.id, row.id));
  const audit = principalAudit(principal, requestId, "domain.verify", "domain", row.id, {
    tenantId: tenant.id,
    domain: row.domain,
    verified: refusal === null,
  });
  let operation: Awaited<ReturnType<typeof deployDomainChange>> | null = null;
  if (refusal === null && (await canDeploy(scope, tenant))) {
    operation = await deployDomainChange(scope, tenant, [update], audit);
  } else {
    await writeDomainChange(scope, [update], audit);
  }
  const [updated] = await db.select().from(domains).where(eq(domains.id, row.id));
  if (!updated) throw new Error("the domain vanished while it was verified");
  if (refusal === null) {
    await emitWebhookEvents(env, [
      await lifecycleEvent(principal.organizationId, "domain.verified", row.id, {
        domain: {
          id: updated.id,
          tenantId: tenant.id,
          domain: updated.domain,
          status: updated.status,
          verifiedAt: updated.verifiedAt,
        },
      }),
    ]);
  }
  return {
    domain: view(updated),
    ...(operation ? { deployment: operation.deployment, links: operation.links } : {}),
  };
}

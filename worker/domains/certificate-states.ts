import { and, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { CustomDomainCertificate } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { type DomainStatus, domains, networkRules } from "../db/schema.ts";

const Reported = z.object({ customDomains: z.array(CustomDomainCertificate) });

const STATUS: Record<CustomDomainCertificate["certificate"], DomainStatus> = {
  issued: "active",
  pending: "certificate_pending",
  failed: "failed",
};

/**
 * Each routed domain's status from the certificate states a ready deployment reported: issued →
 * `active`, pending → `certificate_pending`, failed → `failed` with cert-manager's reason. A
 * result without them (an env rollout, an older runner) changes nothing.
 */
export function certificateStatusUpdates(
  db: Database,
  tenantId: string,
  result: Record<string, unknown> | null,
  now: string,
) {
  const parsed = Reported.safeParse(result);
  if (!parsed.success) return [];
  return parsed.data.customDomains.map(({ domain, certificate, message }) =>
    db
      .update(domains)
      .set({
        status: STATUS[certificate],
        statusReason:
          certificate === "issued"
            ? null
            : `${certificate === "failed" ? "the certificate could not be issued" : "the certificate is being issued"}${message ? `: ${message}` : ""}`,
        updatedAt: now,
      })
      .where(
        and(
          eq(domains.tenantId, tenantId),
          eq(domains.domain, domain),
          isNotNull(domains.verifiedAt),
        ),
      ),
  );
}

/** A deleted tenant releases its hostnames for others to claim, and its rules with them. */
export const releaseTenantNetwork = (db: Database, tenantId: string) => [
  db.delete(domains).where(eq(domains.tenantId, tenantId)),
  db.delete(networkRules).where(eq(networkRules.tenantId, tenantId)),
];

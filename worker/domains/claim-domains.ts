import { inArray } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { domains } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { newId, randomBase32 } from "../lib/ids.ts";

export const domainTaken = (domain: string) =>
  new ApiError("domain_taken", `The domain "${domain}" is already claimed by a tenant`);

/** Raised by `domains_domain_unique` when two requests claim a hostname at once. */
export const isDomainConflict = (error: unknown): boolean =>
  /UNIQUE constraint failed: domains\.domain/.test(
    String((error as { cause?: unknown }).cause ?? error),
  );

/**
 * A hostname belongs to one tenant at most, verified or not: a second claim would let one
 * customer take another's traffic at the ingress once verified. The unique index holds it
 * under races; this check answers first with the name that is taken.
 */
export async function assertDomainsFree(db: Database, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const [taken] = await db
    .select({ domain: domains.domain })
    .from(domains)
    .where(inArray(domains.domain, names))
    .limit(1);
  if (taken) throw domainTaken(taken.domain);
}

/** New domains of a tenant, waiting for their DNS to prove ownership: never routed yet. */
export const pendingDomainRows = (
  tenant: { id: string; organizationId: string },
  names: string[],
  now: string,
): (typeof domains.$inferInsert)[] =>
  names.map((domain) => ({
    id: newId("domain"),
    tenantId: tenant.id,
    organizationId: tenant.organizationId,
    domain,
    status: "pending_verification",
    verificationToken: `enclave-verify-${randomBase32(32)}`,
    createdAt: now,
    updatedAt: now,
  }));

import type { PlatformConfig } from "../contracts/index.ts";
import type { domains } from "../db/schema.ts";

type DomainRow = typeof domains.$inferSelect;

/** The label under the domain whose TXT record proves who controls its DNS. */
export const CHALLENGE_LABEL = "_enclave-challenge";

export const challengeName = (domain: string) => `${CHALLENGE_LABEL}.${domain}`;

/** `<slug>.<base domain>`: where a custom domain's CNAME points. */
export const platformHost = (slug: string, config: PlatformConfig) =>
  `${slug}.${config.baseDomain}`;

/**
 * What the customer creates: the TXT challenge, and the CNAME to the tenant's platform host,
 * or for an apex domain (which cannot take a CNAME) the A record of the ingress when the
 * platform configures one.
 */
export function dnsRecords(row: DomainRow, slug: string, config: PlatformConfig) {
  return [
    {
      type: "TXT" as const,
      name: challengeName(row.domain),
      value: row.verificationToken,
      purpose: "ownership" as const,
    },
    {
      type: "CNAME" as const,
      name: row.domain,
      value: platformHost(slug, config),
      purpose: "routing" as const,
    },
    ...(config.domains.ingressAddress
      ? [
          {
            type: "A" as const,
            name: row.domain,
            value: config.domains.ingressAddress,
            purpose: "routing" as const,
          },
        ]
      : []),
  ];
}

import { resolveRecords } from "../dns/doh.ts";

type Fetch = typeof fetch;

export interface DnsExpectation {
  domain: string;
  challengeName: string;
  token: string;
  /** The CNAME target: the tenant's platform host. */
  platformHost: string;
  /** The ingress's IPv4 address an apex domain may point at instead; empty: none offered. */
  ingressAddress: string;
}

const normalized = (name: string) => name.toLowerCase().replace(/\.$/, "");

/**
 * Why the domain's DNS does not prove ownership and routing, or null when it does: the TXT
 * challenge must hold the token, and the domain must be a CNAME to the platform host or, when
 * the platform offers one, have the ingress's A record. Asked of the platform's
 * DNS-over-HTTPS resolver, so the answer is the public DNS's, not the edge's own view.
 */
export async function dnsRefusal(
  expected: DnsExpectation,
  resolverUrl: string,
  fetcher: Fetch = fetch,
): Promise<string | null> {
  const ask = (name: string, type: "TXT" | "CNAME" | "A") =>
    resolveRecords(name, type, resolverUrl, fetcher);
  let txt: string[];
  let cname: string[];
  let addresses: string[];
  try {
    [txt, cname, addresses] = await Promise.all([
      ask(expected.challengeName, "TXT"),
      ask(expected.domain, "CNAME"),
      expected.ingressAddress ? ask(expected.domain, "A") : Promise.resolve([]),
    ]);
  } catch (error) {
    // Naming the resolver (without its query, which could hold a key) tells an operator which
    // setting to fix: locally the default resolver on the internet is out of reach.
    const { origin, pathname } = new URL(resolverUrl);
    const reason = error instanceof Error ? error.message : String(error);
    return `the DNS could not be checked at ${origin}${pathname} (${reason})`;
  }
  if (!txt.includes(expected.token)) {
    return `the TXT record ${expected.challengeName} does not hold the verification token`;
  }
  const routed =
    cname.some((target) => normalized(target) === expected.platformHost) ||
    (expected.ingressAddress !== "" && addresses.includes(expected.ingressAddress));
  if (!routed) {
    const alternative = expected.ingressAddress
      ? ` or an A record to ${expected.ingressAddress}`
      : "";
    return `${expected.domain} has no CNAME to ${expected.platformHost}${alternative}`;
  }
  return null;
}

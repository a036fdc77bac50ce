import ipaddr from "ipaddr.js";
import type { PlatformConfig } from "../contracts/index.ts";

type Cidr = [ipaddr.IPv4, number];

const parse = (cidr: string): Cidr => ipaddr.IPv4.parseCIDR(cidr);

const holds = ([network, bits]: Cidr, [other, otherBits]: Cidr) =>
  otherBits >= bits && other.match(network, bits);

const overlaps = (a: Cidr, b: Cidr) => holds(a, b) || holds(b, a);

/** `10.1.2.3/16` → `10.1.0.0/16`: the form the rule is stored and rendered in. */
export const normalizedCidr = (cidr: string): string =>
  `${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${parse(cidr)[1]}`;

/** Ports no rule may name: DNS and DNS over TLS go only to the cluster's DNS. */
export const DNS_PORTS = [53, 853];

/**
 * Why the platform refuses egress to `cidr`, or null. The private, carrier-grade NAT,
 * link-local and metadata ranges (`cluster.deniedEgressCidrs`) and the cluster's pod and
 * service networks are refused unless the whole CIDR lies in one of
 * `networkRules.allowedInternalCidrs`.
 */
export function cidrRefusal(config: PlatformConfig, cidr: string): string | null {
  const rule = parse(cidr);
  const { cluster, networkRules } = config;
  const denied = [...cluster.deniedEgressCidrs, cluster.podCidr, cluster.serviceCidr];
  const hit = denied.find((range) => overlaps(parse(range), rule));
  if (!hit) return null;
  if (networkRules.allowedInternalCidrs.some((allowed) => holds(parse(allowed), rule))) {
    return null;
  }
  return `overlaps ${hit}, a private, cluster or metadata range the platform does not open to tenants`;
}

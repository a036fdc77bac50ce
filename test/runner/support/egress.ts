import { Address4, Address6 } from "ip-address";
import type { INetworkPolicy, INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1";

/**
 * Whether a set of NetworkPolicies lets a pod they select send to an address outside the
 * cluster, by the NetworkPolicy rules: some Egress rule must match both the destination (no
 * `to`, or an ipBlock that contains it and does not except it) and the port (no `ports`, or one
 * whose port or port..endPort range holds it). Selector peers match cluster pods only, never an
 * outside address. IPv6 addresses match only IPv6 blocks.
 */
export function egressAllowed(
  policies: INetworkPolicy[],
  address: string,
  port: number,
  protocol: "TCP" | "UDP",
): boolean {
  return policies
    .filter((policy) => policy.spec?.policyTypes?.includes("Egress"))
    .flatMap((policy) => policy.spec?.egress ?? [])
    .some(
      (rule) =>
        (rule.to === undefined || rule.to.some((peer) => peerHolds(peer, address))) &&
        (rule.ports === undefined ||
          rule.ports.some(
            (p) =>
              (p.protocol ?? "TCP") === protocol &&
              (p.port === undefined ||
                (typeof p.port === "number" && port >= p.port && port <= (p.endPort ?? p.port))),
          )),
    );
}

function peerHolds(peer: INetworkPolicyPeer, address: string): boolean {
  const block = peer.ipBlock;
  if (!block) return false;
  return inCidr(address, block.cidr) && !(block.except ?? []).some((c) => inCidr(address, c));
}

/** Whether `address` lies in `cidr`; an IPv4 address is never inside an IPv6 block or back. */
export function inCidr(address: string, cidr: string): boolean {
  const v6 = address.includes(":");
  if (v6 !== cidr.includes(":")) return false;
  return v6
    ? new Address6(address).isInSubnet(new Address6(cidr))
    : new Address4(address).isInSubnet(new Address4(cidr));
}

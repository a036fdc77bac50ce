import type { INetworkPolicy, INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1";
import { inCidr } from "./egress.ts";

/** A pod sending to the tenant: its namespace's labels, its own labels and its IP. */
export interface Source {
  namespace: string;
  namespaceLabels: Record<string, string>;
  podLabels: Record<string, string>;
  ip: string;
}

const matches = (
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string>,
) => Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);

/**
 * Whether a peer admits `source` into `namespace`, by the NetworkPolicy rules, read in the
 * most permissive way: a podSelector alone means the policy's own namespace, a
 * namespaceSelector any pod of a matching namespace, and an ipBlock any address it holds,
 * pod addresses included (CNIs differ there; assuming they match is the strict test).
 */
function peerAdmits(peer: INetworkPolicyPeer, namespace: string, source: Source): boolean {
  if (peer.ipBlock) {
    return (
      inCidr(source.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((cidr) => inCidr(source.ip, cidr))
    );
  }
  const namespaceOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, source.namespaceLabels)
    : source.namespace === namespace;
  return namespaceOk && (!peer.podSelector || matches(peer.podSelector, source.podLabels));
}

/** Whether any Ingress rule of the namespace's policies lets `source` in, on any port. */
export function ingressAdmits(
  policies: INetworkPolicy[],
  namespace: string,
  source: Source,
): boolean {
  return policies
    .filter((policy) => policy.spec?.policyTypes?.includes("Ingress"))
    .flatMap((policy) => policy.spec?.ingress ?? [])
    .some(
      (rule) =>
        rule.from === undefined ||
        rule.from.length === 0 ||
        rule.from.some((peer) => peerAdmits(peer, namespace, source)),
    );
}

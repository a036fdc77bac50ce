import type {
  INetworkPolicy,
  INetworkPolicyEgressRule,
} from "kubernetes-models/networking.k8s.io/v1";
import type { DeploymentSpec, PlatformConfig } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { tenantLabels, tenantNamespace } from "./labels.ts";
import { notPooler, pooled } from "./pooling.ts";

export const namespaceNamed = (name: string) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
});

/** Egress to the cluster's DNS and nothing else there. */
export const DNS_EGRESS: INetworkPolicyEgressRule = {
  to: [
    { ...namespaceNamed("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
  ],
  ports: [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ],
};

function policy(
  spec: DeploymentSpec,
  name: string,
  body: Omit<NonNullable<INetworkPolicy["spec"]>, "podSelector">,
  podSelector: NonNullable<INetworkPolicy["spec"]>["podSelector"] = {},
): Named<INetworkPolicy> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: tenantNamespace(spec), labels: tenantLabels(spec) },
    spec: { podSelector, ...body },
  };
}

/**
 * Ports open towards the internet: all but DNS (53) and DNS over TLS (853), so name lookups go
 * only to the cluster's DNS, whose answers the platform controls.
 */
export const INTERNET_PORT_RANGES = [
  [1, 52],
  [54, 852],
  [854, 65535],
] as const;

/**
 * Egress to the IPv4 internet minus the private, metadata and cluster networks, on every port but
 * DNS's. No IPv6 block is opened, so no IPv6 destination (fc00::/7 included) is reachable.
 */
export function internetEgress(cluster: PlatformConfig["cluster"]): INetworkPolicyEgressRule {
  const except = [...new Set([...cluster.deniedEgressCidrs, cluster.podCidr, cluster.serviceCidr])];
  return {
    to: [{ ipBlock: { cidr: "0.0.0.0/0", except } }],
    ports: (["TCP", "UDP"] as const).flatMap((protocol) =>
      INTERNET_PORT_RANGES.map(([port, endPort]) => ({ protocol, port, endPort })),
    ),
  };
}

/**
 * Default deny in both directions, then three openings: ingress from the namespace itself, the
 * ingress controller and the runner (health checks); egress to the namespace, cluster DNS and
 * the internet minus cluster, private-range and metadata addresses.
 */
export function networkPolicyManifests(spec: DeploymentSpec): Named<INetworkPolicy>[] {
  const { cluster } = spec.config;
  // PgBouncer has its own, narrower policy (runner/manifests/pooling.ts).
  const allowed = pooled(spec.database) ? notPooler : {};
  return [
    policy(spec, "default-deny", { policyTypes: ["Ingress", "Egress"] }),
    policy(
      spec,
      "allow-ingress",
      {
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { podSelector: {} },
              namespaceNamed(cluster.ingressNamespace),
              namespaceNamed(cluster.runnerNamespace),
            ],
          },
        ],
      },
      allowed,
    ),
    policy(
      spec,
      "allow-egress",
      {
        policyTypes: ["Egress"],
        egress: [{ to: [{ podSelector: {} }] }, DNS_EGRESS, internetEgress(cluster)],
      },
      allowed,
    ),
  ];
}

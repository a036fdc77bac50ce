import type {
  INetworkPolicy,
  INetworkPolicyEgressRule,
} from "kubernetes-models/networking.k8s.io/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { tenantLabels, tenantNamespace } from "./labels.ts";

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
): Named<INetworkPolicy> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: tenantNamespace(spec), labels: tenantLabels(spec) },
    spec: { podSelector: {}, ...body },
  };
}

/**
 * Default deny in both directions, then three openings: ingress from the namespace itself, the
 * ingress controller and the runner (health checks); egress to the namespace, cluster DNS and
 * the internet minus cluster, private-range and metadata addresses.
 */
export function networkPolicyManifests(spec: DeploymentSpec): Named<INetworkPolicy>[] {
  const { cluster } = spec.config;
  return [
    policy(spec, "default-deny", { policyTypes: ["Ingress", "Egress"] }),
    policy(spec, "allow-ingress", {
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
    }),
    policy(spec, "allow-egress", {
      policyTypes: ["Egress"],
      egress: [
        { to: [{ podSelector: {} }] },
        DNS_EGRESS,
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: cluster.deniedEgressCidrs } }] },
      ],
    }),
  ];
}

import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import type { DeploymentSpec, SpecNetworkRule } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { tenantLabels, tenantNamespace } from "./labels.ts";
import { INTERNET_PORT_RANGES } from "./network.ts";

/** Marks the policies rendered from network rules, so those of removed rules can be deleted. */
export const NETWORK_RULE_LABEL = "enclave.dev/network-rule";

/** `nrl_…` → `nrl-…`: a rule's policy is found by the rule's id. */
export const networkRulePolicyName = (rule: Pick<SpecNetworkRule, "id">): string =>
  rule.id.replace("_", "-");

/**
 * A rule is an egress-only policy with one ipBlock peer. It has no ingress section and no
 * selector peer, and NetworkPolicies only ever add what they allow: no rule can admit traffic
 * into the tenant, from another tenant's namespace or from anywhere else.
 */
export function networkRulePolicy(
  spec: DeploymentSpec,
  rule: SpecNetworkRule,
): Named<INetworkPolicy> {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: networkRulePolicyName(rule),
      namespace: tenantNamespace(spec),
      labels: { ...tenantLabels(spec), [NETWORK_RULE_LABEL]: "true" },
    },
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: rule.cidr } }],
          // "Every port" stops short of DNS, as the platform's own internet egress does.
          ports:
            rule.ports.length > 0
              ? rule.ports.map((port) => ({ protocol: rule.protocol, port }))
              : INTERNET_PORT_RANGES.map(([port, endPort]) => ({
                  protocol: rule.protocol,
                  port,
                  endPort,
                })),
        },
      ],
    },
  };
}

export const networkRulePolicies = (spec: DeploymentSpec): Named<INetworkPolicy>[] =>
  spec.networkRules.map((rule) => networkRulePolicy(spec, rule));

import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { tenantNamespace } from "../manifests/labels.ts";
import { NETWORK_RULE_LABEL, networkRulePolicies } from "../manifests/network-rules.ts";
import type { JobContext } from "./context.ts";

/**
 * One NetworkPolicy per network rule of the spec; the policy of a rule that was removed is
 * deleted. Returns the names of the policies it applied and removed.
 */
export async function convergeNetworkRules(
  ctx: JobContext,
): Promise<{ applied: string[]; removed: string[] }> {
  const { spec, deps } = ctx;
  const namespace = tenantNamespace(spec);
  const policies = networkRulePolicies(spec);
  await Promise.all(policies.map((policy) => deps.kube.apply(policy)));
  const wanted = new Set(policies.map((policy) => policy.metadata.name));
  const existing = await deps.kube.list<INetworkPolicy>(
    "networking.k8s.io/v1",
    "NetworkPolicy",
    namespace,
    { labelSelector: `${NETWORK_RULE_LABEL}=true` },
  );
  const removed = existing.map((p) => p.metadata.name).filter((name) => !wanted.has(name));
  await Promise.all(
    removed.map((name) =>
      deps.kube.remove({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name, namespace },
      }),
    ),
  );
  return { applied: [...wanted], removed };
}

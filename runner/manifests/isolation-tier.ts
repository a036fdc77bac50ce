import type { IPodSpec } from "kubernetes-models/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { planOf } from "./labels.ts";

/**
 * The pod spec fields of the tenant's plan's isolation tier, for every tenant pod template:
 * which nodes it may land on, the container runtime it runs in and its scheduling priority.
 * Fields the plan leaves unset are absent, so server-side apply drops them when a plan
 * change takes a tenant to a tier without them.
 */
export function isolationTier(
  spec: DeploymentSpec,
): Pick<IPodSpec, "nodeSelector" | "tolerations" | "runtimeClassName" | "priorityClassName"> {
  const plan = planOf(spec);
  return {
    ...(Object.keys(plan.nodeSelector).length > 0 ? { nodeSelector: plan.nodeSelector } : {}),
    ...(plan.tolerations.length > 0 ? { tolerations: plan.tolerations } : {}),
    ...(plan.runtimeClassName ? { runtimeClassName: plan.runtimeClassName } : {}),
    ...(plan.priorityClassName ? { priorityClassName: plan.priorityClassName } : {}),
  };
}

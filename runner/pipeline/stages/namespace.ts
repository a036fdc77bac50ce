import { namespaceManifest } from "../../manifests/namespace.ts";
import { networkPolicyManifests } from "../../manifests/network.ts";
import { limitRangeManifest, resourceQuotaManifest } from "../../manifests/quota.ts";
import { roleBindingManifest, roleManifest, serviceAccountManifest } from "../../manifests/rbac.ts";
import type { JobContext } from "../context.ts";
import { convergeNetworkRules } from "../network-rules.ts";
import { runStage } from "../stage.ts";

/** The tenant's namespace and its guard rails; everything else lands inside them. */
export function namespaceStage(ctx: JobContext): Promise<void> {
  const { spec, deps } = ctx;
  return runStage(ctx, "namespace", "creating the isolated namespace", async () => {
    const namespace = namespaceManifest(spec);
    await deps.kube.apply(namespace);
    const role = roleManifest(spec);
    const binding = roleBindingManifest(spec);
    const others = [
      serviceAccountManifest(spec),
      resourceQuotaManifest(spec),
      limitRangeManifest(spec),
      ...networkPolicyManifests(spec),
    ];
    // The API server accepts a RoleBinding from the runner only once its Role exists: it
    // compares the Role's rules with the runner's own, since the runner may not `bind`.
    await Promise.all([
      deps.kube.apply(role).then(() => deps.kube.apply(binding)),
      ...others.map((manifest) => deps.kube.apply(manifest)),
    ]);
    ctx.log(
      "namespace",
      `applied ${[namespace, role, binding, ...others].map((m) => `${m.kind}/${m.metadata.name}`).join(", ")}`,
    );
    const rules = await convergeNetworkRules(ctx);
    if (rules.applied.length + rules.removed.length > 0) {
      ctx.log("namespace", networkRulesSummary(rules));
    }
    return {
      result: undefined,
      summary: `namespace ${namespace.metadata.name} ready (plan ${spec.tenant.plan})`,
      data: { namespace: namespace.metadata.name },
    };
  });
}

export const networkRulesSummary = ({
  applied,
  removed,
}: {
  applied: string[];
  removed: string[];
}) =>
  `network rules: ${applied.length} applied${applied.length ? ` (${applied.join(", ")})` : ""}, ${removed.length} removed${removed.length ? ` (${removed.join(", ")})` : ""}`;

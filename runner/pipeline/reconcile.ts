import type { JobContext } from "./context.ts";
import { convergeNetworkRules } from "./network-rules.ts";
import { runStage } from "./stage.ts";
import { networkRulesSummary } from "./stages/namespace.ts";
import { route } from "./stages/route.ts";

/**
 * A network-rule or domain change on a serving tenant: after the (empty) env rollout, only
 * the rule policies are converged (namespace stage) or the routes (route stage), on the
 * serving images, with nothing built or deployed.
 */
export async function reconcile(ctx: JobContext): Promise<void> {
  switch (ctx.spec.reconcile) {
    case "network_rules":
      await runStage(ctx, "namespace", "applying the tenant's network rules", async () => {
        const rules = await convergeNetworkRules(ctx);
        return { result: undefined, summary: networkRulesSummary(rules), data: rules };
      });
      return;
    case "custom_domains":
      await route(ctx);
      return;
    case undefined:
      return;
  }
}

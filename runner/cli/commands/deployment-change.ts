import type { Deployment } from "../api/index.ts";
import { EXIT_OK } from "../args.ts";
import type { Context } from "../context.ts";
import { watchDeployment, watchExitCode } from "../watch.ts";

/**
 * The deployment a domain or network-rule change started: followed live with `--wait`,
 * otherwise named with how to follow it. No deployment: nothing to follow.
 */
export async function reportDeployment(
  ctx: Context,
  deployment: Deployment | undefined,
  wait: boolean | undefined,
): Promise<number> {
  if (!deployment) return EXIT_OK;
  if (wait) {
    const result = await watchDeployment(await ctx.client(), ctx.out, {
      deploymentId: deployment.id,
      tenantId: deployment.tenantId,
      kind: deployment.kind,
    });
    if (ctx.out.json) ctx.out.data(result);
    return watchExitCode(result);
  }
  if (!ctx.out.json) {
    ctx.out.line(`Deployment ${deployment.id} ${deployment.status}.`);
    ctx.out.note(`Follow it with: enclave deployments watch ${deployment.id}`);
  }
  return EXIT_OK;
}

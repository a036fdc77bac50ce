import type { TenantOperation } from "./api/index.ts";
import { EXIT_OK } from "./args.ts";
import type { Context } from "./context.ts";
import { watchDeployment, watchExitCode } from "./watch.ts";

/** Follows the operation's deployment to its end; exits 1 when it failed. */
export const followOperation = async (
  ctx: Context,
  operation: TenantOperation,
): Promise<number> => {
  const result = await watchDeployment(await ctx.client(), ctx.out, {
    deploymentId: operation.deployment.id,
    tenantId: operation.tenant.id,
    kind: operation.deployment.kind,
    fallbackUrl: operation.tenant.url,
  });
  if (ctx.out.json) ctx.out.data(result);
  else if (result.url) ctx.out.line(result.url);
  return watchExitCode(result);
};

/**
 * The answer of a command that started a deployment: followed live with `--wait`, otherwise
 * the tenant's state and how to follow it.
 */
export const reportOperation = async (
  ctx: Context,
  operation: TenantOperation,
  wait: boolean | undefined,
): Promise<number> => {
  if (wait) return followOperation(ctx, operation);
  const { tenant, deployment } = operation;
  if (ctx.out.json) ctx.out.data(operation);
  else {
    ctx.out.line(
      `Tenant ${tenant.slug} (${tenant.id}) is ${tenant.status}; deployment ${deployment.id} ${deployment.status}.`,
    );
    ctx.out.note(`Follow it with: enclave deployments watch ${deployment.id}`);
  }
  return EXIT_OK;
};

import { randomUUID } from "node:crypto";
import { EXIT_FAILURE, EXIT_OK, onePositional, parse } from "../args.ts";
import { type Command, help } from "../context.ts";
import { reportOperation } from "../operation.ts";
import { watchDeployment } from "../watch.ts";

const ROLLBACK_USAGE = `Usage: enclave rollback <deployment-id> [--wait] [--json]

Deploys that earlier ready deployment's images and service configuration again, without a
build. Env values stay the tenant's current ones; once the rollback is ready, the tenant's
services show the rolled-back configuration.
  --idempotency-key <k>  reuse to make a retried request safe (default: random)
  --wait                 follow the progress until the rollback is ready or failed`;

const CANCEL_USAGE = `Usage: enclave cancel <deployment-id> [--wait] [--json]

Stops a queued or running deployment. A queued one is cancelled at once; a running one stops
at its next step, after cleaning up: a tenant that was ready keeps serving its previous
version.
  --wait                 follow a running deployment until it has stopped`;

export const rollback: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { "idempotency-key": { type: "string" }, wait: { type: "boolean" } },
    ROLLBACK_USAGE,
  );
  if (values.help) return help(ctx, ROLLBACK_USAGE);
  const deploymentId = onePositional(positionals, "the deployment to roll back to", ROLLBACK_USAGE);
  const operation = await (await ctx.client()).deployments.rollback(deploymentId, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

export const cancel: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { wait: { type: "boolean" } }, CANCEL_USAGE);
  if (values.help) return help(ctx, CANCEL_USAGE);
  const deploymentId = onePositional(positionals, "the deployment id", CANCEL_USAGE);
  const client = await ctx.client();
  const deployment = await client.deployments.cancel(deploymentId);
  if (values.wait && deployment.status !== "cancelled") {
    const result = await watchDeployment(client, ctx.out, {
      deploymentId,
      tenantId: deployment.tenantId,
      kind: deployment.kind,
    });
    if (ctx.out.json) ctx.out.data(result);
    // It may have finished before the runner noticed: then it was not cancelled.
    return result.status === "cancelled" ? EXIT_OK : EXIT_FAILURE;
  }
  if (ctx.out.json) ctx.out.data(deployment);
  else if (deployment.status === "cancelled") {
    ctx.out.line(`Deployment ${deployment.id} cancelled.`);
  } else {
    ctx.out.line(`Deployment ${deployment.id} is stopping; its runner stops at the next step.`);
    ctx.out.note(`Follow it with: enclave deployments watch ${deployment.id}`);
  }
  return EXIT_OK;
};

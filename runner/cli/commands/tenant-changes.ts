import { randomUUID } from "node:crypto";
import type { UpdateTenantInput } from "../api/index.ts";
import { EXIT_OK, onePositional, parse, UsageError } from "../args.ts";
import { type Command, help } from "../context.ts";
import { reportOperation } from "../operation.ts";
import { details } from "../render/table.ts";
import { tenantDetails } from "../render/tenant.ts";
import { parsePairs } from "./tenant-spec.ts";

const UPDATE_USAGE = `Usage: enclave tenants update <tenant> [--plan <plan>] [--name <name>] [--label KEY=VALUE ...] [--wait] [--json]

  --plan <plan>          a new quota plan; starts a deployment that applies it to the cluster
  --name <name>          a new display name
  --label KEY=VALUE      replaces the labels (repeatable)
  --wait                 with --plan, follow the deployment until it is ready or failed`;

const REDEPLOY_USAGE = `Usage: enclave tenants redeploy <tenant> [--wait] [--json]

Deploys the tenant's current spec again: a branch's new commits are built, and a tenant that
was ready keeps serving its previous version if the deployment fails.
  --idempotency-key <k>  reuse to make a retried request safe (default: random)
  --wait                 follow the progress until the tenant is ready or failed`;

export const update: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      plan: { type: "string" },
      name: { type: "string" },
      label: { type: "string", multiple: true },
      "idempotency-key": { type: "string" },
      wait: { type: "boolean" },
    },
    UPDATE_USAGE,
  );
  if (values.help) return help(ctx, UPDATE_USAGE);
  const tenantId = onePositional(positionals, "the tenant (its id or slug)", UPDATE_USAGE);
  const input: UpdateTenantInput = {
    ...(values.plan ? { plan: values.plan } : {}),
    ...(values.name ? { name: values.name } : {}),
    ...(values.label?.length ? { labels: parsePairs(values.label, "label", UPDATE_USAGE) } : {}),
  };
  if (Object.keys(input).length === 0) {
    throw new UsageError("nothing to change: give --plan, --name or --label", UPDATE_USAGE);
  }
  const change = await (await ctx.client()).tenants.update(tenantId, input, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  if (change.deployment) return reportOperation(ctx, change, values.wait);
  if (ctx.out.json) ctx.out.data(change.tenant);
  else ctx.out.line(details(tenantDetails(change.tenant), ctx.out.out));
  return EXIT_OK;
};

export const redeploy: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { "idempotency-key": { type: "string" }, wait: { type: "boolean" } },
    REDEPLOY_USAGE,
  );
  if (values.help) return help(ctx, REDEPLOY_USAGE);
  const tenantId = onePositional(positionals, "the tenant (its id or slug)", REDEPLOY_USAGE);
  const operation = await (await ctx.client()).tenants.redeploy(tenantId, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

import type { Deployment } from "../api/index.ts";
import { EXIT_OK, integerFlag, onePositional, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { details, table } from "../render/table.ts";
import { watchDeployment, watchExitCode } from "../watch.ts";

const GET_USAGE = "Usage: enclave deployments get <deployment-id> [--json]";
const LIST_USAGE =
  "Usage: enclave deployments list --tenant <tenant> [--limit <n>] [--cursor <c>] [--json]";
const WATCH_USAGE = `Usage: enclave deployments watch <deployment-id> [--json]

Follows the deployment's progress to the end; exits 1 if it failed. With --json, prints one
event per line, then the result.`;

export const DEPLOYMENTS_USAGE = `Usage: enclave deployments <command>

Commands:
  get      show one deployment
  list     list a tenant's deployments, newest first
  watch    follow a deployment's progress live`;

/**
 * Why the deployment happened (`create`, `redeploy`, `plan_change`, `service_change`, …), for
 * an API that says; an older one answers without it.
 */
const triggerOf = (deployment: Deployment): string | undefined => {
  const { trigger } = deployment as Deployment & { trigger?: unknown };
  return typeof trigger === "string" ? trigger : undefined;
};

const get: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, GET_USAGE);
  if (values.help) return help(ctx, GET_USAGE);
  const deploymentId = onePositional(positionals, "the deployment id", GET_USAGE);
  const deployment = await (await ctx.client()).deployments.get(deploymentId);
  if (ctx.out.json) {
    ctx.out.data(deployment);
    return EXIT_OK;
  }
  const entries: [string, unknown][] = [
    ["id", deployment.id],
    ["tenant", deployment.tenantId],
    ["kind", deployment.kind],
    ["trigger", triggerOf(deployment)],
    ["status", deployment.status],
    ["attempt", deployment.attempt],
    ["failed stage", deployment.failedStage],
    ["reason", deployment.statusReason],
    ["created", deployment.createdAt],
    ["started", deployment.startedAt],
    ["finished", deployment.finishedAt],
  ];
  ctx.out.line(details(entries, ctx.out.out));
  return EXIT_OK;
};

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { tenant: { type: "string" }, limit: { type: "string" }, cursor: { type: "string" } },
    LIST_USAGE,
  );
  if (values.help) return help(ctx, LIST_USAGE);
  const tenantId = values.tenant ?? positionals[0];
  if (!tenantId) throw new UsageError("--tenant is required", LIST_USAGE);
  const limit = integerFlag(values.limit, "limit", LIST_USAGE, { min: 1, max: 100 });
  const page = await (await ctx.client()).deployments.list(tenantId, {
    limit,
    cursor: values.cursor,
  });
  if (ctx.out.json) {
    ctx.out.data(page);
    return EXIT_OK;
  }
  const rows = page.data.map((d) => [
    d.id,
    d.kind,
    triggerOf(d) ?? "",
    d.status,
    d.failedStage ?? "",
    d.createdAt,
  ]);
  ctx.out.line(
    table(["ID", "KIND", "TRIGGER", "STATUS", "FAILED STAGE", "CREATED"], rows, ctx.out.out),
  );
  if (page.nextCursor) {
    ctx.out.note(`More: enclave deployments list --tenant ${tenantId} --cursor ${page.nextCursor}`);
  }
  return EXIT_OK;
};

const watch: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, WATCH_USAGE);
  if (values.help) return help(ctx, WATCH_USAGE);
  const deploymentId = onePositional(positionals, "the deployment id", WATCH_USAGE);
  const client = await ctx.client();
  // The deployment's kind decides which stages to list before their first event arrives.
  const deployment = await client.deployments.get(deploymentId);
  const result = await watchDeployment(client, ctx.out, {
    deploymentId,
    tenantId: deployment.tenantId,
    kind: deployment.kind,
  });
  if (ctx.out.json) ctx.out.data(result);
  else if (result.url) ctx.out.line(result.url);
  return watchExitCode(result);
};

export const deployments = group("deployments", DEPLOYMENTS_USAGE, { get, list, watch });

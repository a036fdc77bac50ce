import { EXIT_OK, noPositionals, parse } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { table } from "../render/table.ts";

const LIST_USAGE = "Usage: enclave plans list [--json]";

export const PLANS_USAGE = `Usage: enclave plans <command>

Commands:
  list   the plans tenants can be on: quota, replicas, database size, isolation and backups`;

const isolation = (tier: { dedicatedNodes: boolean; sandboxedRuntime: boolean }) =>
  [tier.dedicatedNodes ? "dedicated nodes" : "", tier.sandboxedRuntime ? "sandboxed" : ""]
    .filter(Boolean)
    .join(", ") || "shared";

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, LIST_USAGE);
  if (values.help) return help(ctx, LIST_USAGE);
  noPositionals(positionals, LIST_USAGE);
  const { data } = await (await ctx.client()).plans.list();
  if (ctx.out.json) {
    ctx.out.data(data);
    return EXIT_OK;
  }
  const rows = data.map((plan) => [
    plan.default ? `${plan.name} (default)` : plan.name,
    `${plan.quota.limitsCpu} CPU, ${plan.quota.limitsMemory}`,
    String(plan.limits.replicas),
    plan.limits.databaseStorage,
    isolation(plan.tier),
    plan.backups.schedule
      ? `${plan.backups.schedule}, keep ${plan.backups.retention?.count ?? "all"}`
      : "none",
  ]);
  ctx.out.line(
    table(["PLAN", "LIMITS", "REPLICAS", "DATABASE", "ISOLATION", "BACKUPS"], rows, ctx.out.out),
  );
  return EXIT_OK;
};

export const plans = group("plans", PLANS_USAGE, { list });

import { EXIT_OK, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { table } from "../render/table.ts";
import { reportDeployment } from "./deployment-change.ts";

const LIST_USAGE = "Usage: enclave network-rules list <tenant> [--json]";
const ADD_USAGE = `Usage: enclave network-rules add <tenant> --cidr <ipv4 cidr> [--protocol TCP|UDP] [--port <n>]... [--description <text>] [--wait] [--json]

Allows the tenant's pods to open connections to the CIDR (on the ports given, else every port
but DNS's). Private, cluster and metadata ranges only where the platform allows them. Rules
never let anything into the tenant. A deployment applies the rule (--wait follows it).`;
const REMOVE_USAGE = "Usage: enclave network-rules remove <tenant> <rule-id> [--wait] [--json]";

export const NETWORK_RULES_USAGE = `Usage: enclave network-rules <command>

Commands:
  list     a tenant's egress rules
  add      allow egress to a CIDR and apply it
  remove   remove a rule and apply it`;

const PROTOCOLS = ["TCP", "UDP"] as const;

const tenantOf = (positionals: string[], count: number, usage: string) => {
  if (!positionals[0]) throw new UsageError("give the tenant (its id or slug)", usage);
  if (positionals.length > count) {
    throw new UsageError(`unexpected argument: ${positionals.slice(count).join(" ")}`, usage);
  }
  return positionals[0];
};

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, LIST_USAGE);
  if (values.help) return help(ctx, LIST_USAGE);
  const listed = await (await ctx.client()).networkRules.list(tenantOf(positionals, 1, LIST_USAGE));
  if (ctx.out.json) {
    ctx.out.data(listed);
    return EXIT_OK;
  }
  if (listed.data.length === 0)
    ctx.out.note("No network rules: egress reaches the public internet only.");
  else {
    const rows = listed.data.map((rule) => [
      rule.id,
      rule.cidr,
      rule.protocol,
      rule.ports.length > 0 ? rule.ports.join(",") : "all",
      rule.description ?? "",
    ]);
    ctx.out.line(table(["ID", "CIDR", "PROTOCOL", "PORTS", "DESCRIPTION"], rows, ctx.out.out));
  }
  return EXIT_OK;
};

const add: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      cidr: { type: "string" },
      protocol: { type: "string" },
      port: { type: "string", multiple: true },
      description: { type: "string" },
      wait: { type: "boolean" },
    },
    ADD_USAGE,
  );
  if (values.help) return help(ctx, ADD_USAGE);
  const tenant = tenantOf(positionals, 1, ADD_USAGE);
  if (!values.cidr) throw new UsageError("--cidr is required", ADD_USAGE);
  const protocol = PROTOCOLS.find((p) => p === values.protocol?.toUpperCase()) ?? "TCP";
  if (values.protocol && protocol !== values.protocol.toUpperCase()) {
    throw new UsageError(`--protocol must be TCP or UDP`, ADD_USAGE);
  }
  const ports = (values.port ?? []).map((port) => {
    if (!/^[0-9]{1,5}$/.test(port)) throw new UsageError(`not a port: ${port}`, ADD_USAGE);
    return Number(port);
  });
  const change = await (await ctx.client()).networkRules.add(tenant, {
    cidr: values.cidr,
    protocol,
    ports,
    ...(values.description ? { description: values.description } : {}),
  });
  if (ctx.out.json && !values.wait) ctx.out.data(change);
  if (!ctx.out.json) ctx.out.line(`Added ${change.networkRule.id} (${change.networkRule.cidr}).`);
  return reportDeployment(ctx, change.deployment, values.wait);
};

const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { wait: { type: "boolean" } }, REMOVE_USAGE);
  if (values.help) return help(ctx, REMOVE_USAGE);
  const tenant = tenantOf(positionals, 2, REMOVE_USAGE);
  const ruleId = positionals[1];
  if (!ruleId) throw new UsageError("give the rule id", REMOVE_USAGE);
  const change = await (await ctx.client()).networkRules.remove(tenant, ruleId);
  if (ctx.out.json && !values.wait) ctx.out.data(change);
  if (!ctx.out.json) ctx.out.line(`Removed ${change.networkRule.id}.`);
  return reportDeployment(ctx, change.deployment, values.wait);
};

export const networkRules = group("network-rules", NETWORK_RULES_USAGE, { list, add, remove });

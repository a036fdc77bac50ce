import type { Organization } from "../api/index.ts";
import { EXIT_OK, noPositionals, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { details } from "../render/table.ts";

const SHOW_USAGE = "Usage: enclave org show [--json]";
const UPDATE_USAGE = `Usage: enclave org update [--name <name>] [--plan <plan>|--default-plan] [--json]

--plan sets the organization's plan (its API rate limit and caps); --default-plan returns it
to the platform's default. Needs an admin key.`;

export const ORG_USAGE = `Usage: enclave org <command>

Commands:
  show     the organization
  update   rename it or change its plan`;

const print = (ctx: Parameters<Command>[1], organization: Organization) => {
  if (ctx.out.json) ctx.out.data(organization);
  else
    ctx.out.line(
      details(
        [
          ["id", organization.id],
          ["name", organization.name],
          ["plan", organization.plan ?? "(platform default)"],
          ["created", organization.createdAt],
        ],
        ctx.out.out,
      ),
    );
  return EXIT_OK;
};

const show: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, SHOW_USAGE);
  if (values.help) return help(ctx, SHOW_USAGE);
  noPositionals(positionals, SHOW_USAGE);
  return print(ctx, await (await ctx.client()).organization.get());
};

const update: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      name: { type: "string" },
      plan: { type: "string" },
      "default-plan": { type: "boolean" },
    },
    UPDATE_USAGE,
  );
  if (values.help) return help(ctx, UPDATE_USAGE);
  noPositionals(positionals, UPDATE_USAGE);
  if (values.plan && values["default-plan"]) {
    throw new UsageError("--plan and --default-plan exclude each other", UPDATE_USAGE);
  }
  const input = {
    ...(values.name ? { name: values.name } : {}),
    ...(values.plan ? { plan: values.plan } : {}),
    ...(values["default-plan"] ? { plan: null } : {}),
  };
  if (Object.keys(input).length === 0) throw new UsageError("nothing to change", UPDATE_USAGE);
  return print(ctx, await (await ctx.client()).organization.update(input));
};

export const org = group("org", ORG_USAGE, { show, update });

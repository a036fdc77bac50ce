import type { Organization, UpdateOrganizationInput } from "../api/index.ts";
import { EXIT_OK, noPositionals, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { details } from "../render/table.ts";
import { knownEvents } from "./webhooks.ts";

const SHOW_USAGE = "Usage: enclave org show [--json]";
const UPDATE_USAGE = `Usage: enclave org update [--name <name>] [--plan <plan>|--default-plan]
                         [--default-tenant-plan <plan>|--no-default-tenant-plan]
                         [--webhook-event <type>...|--no-webhook-events] [--json]

--plan sets the organization's plan (its API rate limit and caps); --default-plan returns it
to the platform's default. --default-tenant-plan is the plan tenants created without one get;
--no-default-tenant-plan returns them to the platform's default plan. --webhook-event (one or
more) is what webhooks created without events subscribe to; --no-webhook-events clears it
(every event). Needs an admin key.`;

export const ORG_USAGE = `Usage: enclave org <command>

Commands:
  show     the organization
  update   rename it, change its plan or the defaults of its tenants and webhooks`;

const print = (ctx: Parameters<Command>[1], organization: Organization) => {
  if (ctx.out.json) ctx.out.data(organization);
  else
    ctx.out.line(
      details(
        [
          ["id", organization.id],
          ["name", organization.name],
          ["plan", organization.plan ?? "(platform default)"],
          ["tenant plan", organization.defaultTenantPlan ?? "(platform default)"],
          ["webhook events", organization.webhookDefaults.events?.join(", ") ?? "(every event)"],
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

const exclusive = (values: Record<string, unknown>, a: string, b: string) => {
  if (values[a] !== undefined && values[b]) {
    throw new UsageError(`--${a} and --${b} exclude each other`, UPDATE_USAGE);
  }
};

const update: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      name: { type: "string" },
      plan: { type: "string" },
      "default-plan": { type: "boolean" },
      "default-tenant-plan": { type: "string" },
      "no-default-tenant-plan": { type: "boolean" },
      "webhook-event": { type: "string", multiple: true },
      "no-webhook-events": { type: "boolean" },
    },
    UPDATE_USAGE,
  );
  if (values.help) return help(ctx, UPDATE_USAGE);
  noPositionals(positionals, UPDATE_USAGE);
  exclusive(values, "plan", "default-plan");
  exclusive(values, "default-tenant-plan", "no-default-tenant-plan");
  exclusive(values, "webhook-event", "no-webhook-events");
  const events = values["webhook-event"] && knownEvents(values["webhook-event"], UPDATE_USAGE);
  const input: UpdateOrganizationInput = {
    ...(values.name ? { name: values.name } : {}),
    ...(values.plan ? { plan: values.plan } : {}),
    ...(values["default-plan"] ? { plan: null } : {}),
    ...(values["default-tenant-plan"] ? { defaultTenantPlan: values["default-tenant-plan"] } : {}),
    ...(values["no-default-tenant-plan"] ? { defaultTenantPlan: null } : {}),
    ...(events ? { webhookDefaults: { events } } : {}),
    ...(values["no-webhook-events"] ? { webhookDefaults: {} } : {}),
  };
  if (Object.keys(input).length === 0) throw new UsageError("nothing to change", UPDATE_USAGE);
  return print(ctx, await (await ctx.client()).organization.update(input));
};

export const org = group("org", ORG_USAGE, { show, update });

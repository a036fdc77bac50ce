import { randomUUID } from "node:crypto";
import type { EnvPatch } from "../api/index.ts";
import { EXIT_OK, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { reportOperation } from "../operation.ts";
import { table } from "../render/table.ts";
import { ENV_NAME, parsePairs } from "./tenant-spec.ts";

const WHOSE = `Without --service: the tenant's shared variables, which every service gets unless it
sets the same name itself. With --service: that service's own.`;

const LIST_USAGE = `Usage: enclave env list <tenant> [--service <name>] [--reveal] [--json]

${WHOSE} Values are masked; --reveal shows them (admin key only; the reveal is audited).`;

const SET_USAGE = `Usage: enclave env set <tenant> [--service <name>] KEY=VALUE... [--wait] [--json]

${WHOSE} Sets the variables (the others stay) and rolls only the services whose env
changed, on the images they serve.`;

const UNSET_USAGE = `Usage: enclave env unset <tenant> [--service <name>] KEY... [--wait] [--json]

${WHOSE} Removes the variables and rolls only the services whose env changed.`;

export const ENV_USAGE = `Usage: enclave env <command>

Commands:
  list    list a tenant's or a service's variables, masked
  set     set variables and roll the services they change
  unset   remove variables and roll the services they change`;

const CHANGE_OPTIONS = {
  service: { type: "string" },
  "idempotency-key": { type: "string" },
  wait: { type: "boolean" },
} as const;

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { service: { type: "string" }, reveal: { type: "boolean" } },
    LIST_USAGE,
  );
  if (values.help) return help(ctx, LIST_USAGE);
  const [tenant, ...rest] = positionals;
  if (!tenant) throw new UsageError("give the tenant (its id or slug)", LIST_USAGE);
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(" ")}`, LIST_USAGE);
  const listed = await (await ctx.client()).env.list(tenant, {
    ...(values.service ? { service: values.service } : {}),
    ...(values.reveal ? { reveal: true } : {}),
  });
  if (ctx.out.json) {
    ctx.out.data(listed);
    return EXIT_OK;
  }
  const rows = Object.entries(listed.env).map(([name, value]) => [name, value]);
  if (rows.length === 0) ctx.out.note("No variables set.");
  else ctx.out.line(table(["NAME", "VALUE"], rows, ctx.out.out));
  return EXIT_OK;
};

/** Sends one patch for all the names given, so one deployment rolls them together. */
const change =
  (usage: string, toPatch: (items: string[], usage: string) => EnvPatch): Command =>
  async (args, ctx) => {
    const { values, positionals } = parse(args, CHANGE_OPTIONS, usage);
    if (values.help) return help(ctx, usage);
    const [tenant, ...items] = positionals;
    if (!tenant) throw new UsageError("give the tenant (its id or slug)", usage);
    if (items.length === 0) throw new UsageError("give at least one variable", usage);
    const patch = toPatch(items, usage);
    const operation = await (await ctx.client()).env.patch(tenant, patch, {
      ...(values.service ? { service: values.service } : {}),
      idempotencyKey: values["idempotency-key"] ?? randomUUID(),
    });
    return reportOperation(ctx, operation, values.wait);
  };

const set = change(SET_USAGE, (items, usage) => parsePairs(items, "env", usage));

const unset = change(UNSET_USAGE, (names, usage) => {
  const bad = names.find((name) => !ENV_NAME.test(name));
  if (bad !== undefined) throw new UsageError(`not a variable name: ${bad}`, usage);
  return Object.fromEntries(names.map((name) => [name, null]));
});

export const env = group("env", ENV_USAGE, { list, set, unset });

import { MEMBER_ROLES, type MemberRole } from "../api/index.ts";
import { EXIT_OK, onePositional, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { pagedList } from "./paged-list.ts";

const LIST_USAGE = "Usage: enclave members list [--limit <n>] [--cursor <c>] [--json]";
const ADD_USAGE = `Usage: enclave members add <subject> --role viewer|developer|admin [--issuer <url>] [--email <email>] [--json]

The subject is the 'sub' of the user's tokens at the identity provider (the configured
issuer unless --issuer names another).`;
const UPDATE_USAGE =
  "Usage: enclave members update <subject> --role viewer|developer|admin [--json]";
const REMOVE_USAGE = "Usage: enclave members remove <subject> [--json]";

export const MEMBERS_USAGE = `Usage: enclave members <command>

Commands:
  list     the organization's members (JWT subjects) and their roles
  add      add a subject with a role (needs an admin key)
  update   change a member's role
  remove   remove a member (the last admin cannot be removed)`;

const roleOf = (value: string | undefined, usage: string): MemberRole => {
  const role = MEMBER_ROLES.find((candidate) => candidate === value);
  if (!role) throw new UsageError(`--role must be one of ${MEMBER_ROLES.join(", ")}`, usage);
  return role;
};

const list = pagedList({
  usage: LIST_USAGE,
  command: "enclave members list",
  fetch: (client, query) => client.members.list(query),
  columns: ["SUBJECT", "ROLE", "EMAIL", "LAST SEEN"],
  row: (member) => [member.subject, member.role, member.email ?? "", member.lastSeenAt ?? "never"],
});

const add: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { role: { type: "string" }, issuer: { type: "string" }, email: { type: "string" } },
    ADD_USAGE,
  );
  if (values.help) return help(ctx, ADD_USAGE);
  const subject = onePositional(positionals, "the subject", ADD_USAGE);
  const member = await (await ctx.client()).members.add({
    subject,
    role: roleOf(values.role, ADD_USAGE),
    ...(values.issuer ? { issuer: values.issuer } : {}),
    ...(values.email ? { email: values.email } : {}),
  });
  if (ctx.out.json) ctx.out.data(member);
  else ctx.out.line(`Added ${member.subject} as ${member.role} (${member.id}).`);
  return EXIT_OK;
};

const update: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { role: { type: "string" } }, UPDATE_USAGE);
  if (values.help) return help(ctx, UPDATE_USAGE);
  const subject = onePositional(positionals, "the subject", UPDATE_USAGE);
  const member = await (await ctx.client()).members.update(
    subject,
    roleOf(values.role, UPDATE_USAGE),
  );
  if (ctx.out.json) ctx.out.data(member);
  else ctx.out.line(`${member.subject} is now ${member.role}.`);
  return EXIT_OK;
};

const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, REMOVE_USAGE);
  if (values.help) return help(ctx, REMOVE_USAGE);
  const subject = onePositional(positionals, "the subject", REMOVE_USAGE);
  await (await ctx.client()).members.remove(subject);
  if (ctx.out.json) ctx.out.data({ removed: subject });
  else ctx.out.line(`Removed ${subject}.`);
  return EXIT_OK;
};

export const members = group("members", MEMBERS_USAGE, { list, add, update, remove });

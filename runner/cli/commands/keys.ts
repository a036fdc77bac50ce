import { API_KEY_SCOPES } from "../api/index.ts";
import { EXIT_OK, noPositionals, onePositional, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { pagedList } from "./paged-list.ts";

const CREATE_USAGE = `Usage: enclave keys create --name <name> [--scope read|write|admin]... [--json]

Prints the new key once; the API keeps only its hash. Default scope: read.`;
const LIST_USAGE = "Usage: enclave keys list [--limit <n>] [--cursor <c>] [--json]";
const REVOKE_USAGE = "Usage: enclave keys revoke <key-id> [--json]";

export const KEYS_USAGE = `Usage: enclave keys <command>

Commands:
  create   create an API key (shown once)
  list     list API keys (never their secrets)
  revoke   revoke an API key`;

const create: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { name: { type: "string" }, scope: { type: "string", multiple: true } },
    CREATE_USAGE,
  );
  if (values.help) return help(ctx, CREATE_USAGE);
  noPositionals(positionals, CREATE_USAGE);
  if (!values.name) throw new UsageError("--name is required", CREATE_USAGE);
  const scopes = (values.scope ?? ["read"]).map((scope) => {
    const known = API_KEY_SCOPES.find((candidate) => candidate === scope);
    if (!known) {
      throw new UsageError(
        `unknown scope ${scope}: use ${API_KEY_SCOPES.join(", ")}`,
        CREATE_USAGE,
      );
    }
    return known;
  });
  const created = await (await ctx.client()).apiKeys.create({ name: values.name, scopes });
  if (ctx.out.json) {
    ctx.out.data(created);
    return EXIT_OK;
  }
  ctx.out.note(
    `Created ${created.apiKey.id} (${created.apiKey.scopes.join(", ")}). Store the key now: it is not shown again.`,
  );
  ctx.out.line(created.key);
  return EXIT_OK;
};

const list = pagedList({
  usage: LIST_USAGE,
  command: "enclave keys list",
  fetch: (client, query) => client.apiKeys.list(query),
  columns: ["ID", "NAME", "PREFIX", "SCOPES", "STATUS", "LAST USED"],
  row: (key) => [
    key.id,
    key.name,
    `${key.prefix}…`,
    key.scopes.join(","),
    key.revokedAt ? `revoked ${key.revokedAt}` : "active",
    key.lastUsedAt ?? "never",
  ],
});

const revoke: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, REVOKE_USAGE);
  if (values.help) return help(ctx, REVOKE_USAGE);
  const keyId = onePositional(positionals, "the key id", REVOKE_USAGE);
  const revoked = await (await ctx.client()).apiKeys.revoke(keyId);
  if (ctx.out.json) ctx.out.data(revoked);
  else ctx.out.line(`Revoked ${revoked.id} (${revoked.name}).`);
  return EXIT_OK;
};

export const keys = group("keys", KEYS_USAGE, { create, list, revoke });

import { API_KEY_SCOPES } from "../api/index.ts";
import { EXIT_OK, integerFlag, noPositionals, onePositional, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { table } from "../render/table.ts";

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

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { limit: { type: "string" }, cursor: { type: "string" } },
    LIST_USAGE,
  );
  if (values.help) return help(ctx, LIST_USAGE);
  noPositionals(positionals, LIST_USAGE);
  const limit = integerFlag(values.limit, "limit", LIST_USAGE, { min: 1, max: 100 });
  const page = await (await ctx.client()).apiKeys.list({ limit, cursor: values.cursor });
  if (ctx.out.json) {
    ctx.out.data(page);
    return EXIT_OK;
  }
  const rows = page.data.map((key) => [
    key.id,
    key.name,
    `${key.prefix}…`,
    key.scopes.join(","),
    key.revokedAt ? `revoked ${key.revokedAt}` : "active",
    key.lastUsedAt ?? "never",
  ]);
  ctx.out.line(table(["ID", "NAME", "PREFIX", "SCOPES", "STATUS", "LAST USED"], rows, ctx.out.out));
  if (page.nextCursor) ctx.out.note(`More: enclave keys list --cursor ${page.nextCursor}`);
  return EXIT_OK;
};

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

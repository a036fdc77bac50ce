import { EXIT_OK, onePositional, parse, UsageError } from "../args.ts";
import { type Command, type Context, group, help } from "../context.ts";
import { askSecret, readAll } from "../prompt.ts";
import { table } from "../render/table.ts";

const LIST_USAGE = "Usage: enclave credentials list <tenant> [--json]";
const ADD_USAGE = `Usage: enclave credentials add <tenant> --name <name> --git [--host <host>] [--json]
       enclave credentials add <tenant> --name <name> --registry <server> --username <user> [--json]

Adds a git token (private git and GitHub sources; --host limits it to one host) or an image
registry login (image services and build base images). The token or password is read from
stdin when it is not a terminal, else asked for without echo: never from an argument, where
it would land in the shell history. It applies with the tenant's next deployment.`;
const REMOVE_USAGE = "Usage: enclave credentials remove <tenant> <credential-id> [--json]";

export const CREDENTIALS_USAGE = `Usage: enclave credentials <command>

Commands:
  list     list a tenant's credentials (never their secrets)
  add      add a git token or an image registry login
  remove   remove a credential`;

const readSecret = async (ctx: Context, question: string) => {
  const { io } = ctx;
  const value = io.stdin.isTTY ? await askSecret(io, question) : await readAll(io.stdin);
  return value.trim();
};

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, LIST_USAGE);
  if (values.help) return help(ctx, LIST_USAGE);
  const tenant = onePositional(positionals, "the tenant (its id or slug)", LIST_USAGE);
  const { credentials } = await (await ctx.client()).credentials.list(tenant);
  if (ctx.out.json) ctx.out.data(credentials);
  else
    ctx.out.line(
      table(
        ["ID", "NAME", "KIND", "HOST", "CREATED"],
        credentials.map((c) => [c.id, c.name, c.kind, c.host ?? "any", c.createdAt]),
        ctx.out.out,
      ),
    );
  return EXIT_OK;
};

const add: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      name: { type: "string" },
      git: { type: "boolean" },
      host: { type: "string" },
      registry: { type: "string" },
      username: { type: "string" },
    },
    ADD_USAGE,
  );
  if (values.help) return help(ctx, ADD_USAGE);
  const tenant = onePositional(positionals, "the tenant (its id or slug)", ADD_USAGE);
  if (!values.name) throw new UsageError("--name is required", ADD_USAGE);
  if (Boolean(values.git) === Boolean(values.registry)) {
    throw new UsageError("give either --git or --registry <server>", ADD_USAGE);
  }
  if (values.registry && !values.username) {
    throw new UsageError("--registry needs --username", ADD_USAGE);
  }
  const secret = await readSecret(ctx, values.git ? "Token: " : "Password: ");
  if (!secret) throw new UsageError("no secret given on stdin or at the prompt", ADD_USAGE);
  const input = values.registry
    ? {
        kind: "registry" as const,
        name: values.name,
        server: values.registry,
        username: values.username ?? "",
        password: secret,
      }
    : {
        kind: "git" as const,
        name: values.name,
        ...(values.host ? { host: values.host } : {}),
        token: secret,
      };
  const created = await (await ctx.client()).credentials.create(tenant, input);
  if (ctx.out.json) ctx.out.data(created);
  else {
    ctx.out.line(`Added ${created.credential.id} (${created.credential.name}).`);
    ctx.out.note(
      `It applies with the tenant's next deployment: enclave tenants redeploy ${tenant}`,
    );
  }
  return EXIT_OK;
};

const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, REMOVE_USAGE);
  if (values.help) return help(ctx, REMOVE_USAGE);
  const [tenant, credentialId, ...rest] = positionals;
  if (!tenant || !credentialId || rest.length > 0) {
    throw new UsageError("give the tenant and the credential id", REMOVE_USAGE);
  }
  const removed = await (await ctx.client()).credentials.delete(tenant, credentialId);
  if (ctx.out.json) ctx.out.data(removed);
  else {
    ctx.out.line(`Removed ${removed.credential.id} (${removed.credential.name}).`);
    ctx.out.note("It leaves the cluster with the tenant's next deployment.");
  }
  return EXIT_OK;
};

export const credentials = group("credentials", CREDENTIALS_USAGE, { list, add, remove });

import { randomUUID } from "node:crypto";
import { EXIT_OK, onePositional, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { reportOperation } from "../operation.ts";
import { details } from "../render/table.ts";

const SHOW_USAGE = `Usage: enclave database show <tenant> [--reveal] [--json]

--reveal adds the credentials and connection URLs: it needs an admin key and is audited.`;
const ADD_USAGE = `Usage: enclave database add <tenant> --engine postgres|mysql [--version <v>] [--pooling|--no-pooling] [--wait] [--json]

Adds a database to a tenant that has none, through a deployment. --pooling puts PgBouncer in
front of PostgreSQL; without either flag the tenant's plan decides.`;
const ROTATE_USAGE = `Usage: enclave database rotate-password <tenant> [--wait] [--json]

Changes the database user's password in the running engine, then rolls every service onto
the new DATABASE_URL; the old password stops working.`;

export const DATABASE_USAGE = `Usage: enclave database <command>

Commands:
  show              show a tenant's database (--reveal for its credentials)
  add               add a database to a tenant that has none
  rotate-password   give the database user a new password`;

const show: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { reveal: { type: "boolean" } }, SHOW_USAGE);
  if (values.help) return help(ctx, SHOW_USAGE);
  const tenant = onePositional(positionals, "the tenant (its id or slug)", SHOW_USAGE);
  const database = await (await ctx.client()).database.get(tenant, {
    reveal: values.reveal ?? false,
  });
  if (ctx.out.json) {
    ctx.out.data(database);
    return EXIT_OK;
  }
  const { credentials } = database;
  const entries: [string, unknown][] = [
    ["Engine", `${database.engine} ${database.version}`],
    ["Status", database.status],
    ["Host", `${database.host}:${database.port}`],
    ["Database", database.database],
    ["Pooling", database.pooling ? "PgBouncer (transaction mode)" : "off"],
    ["Password rotated", database.passwordRotatedAt ?? "never"],
    ...(credentials
      ? ([
          ["User", credentials.username],
          ["Password", credentials.password],
          ["URL", credentials.url],
          ["Direct URL", credentials.directUrl],
        ] as [string, unknown][])
      : []),
  ];
  ctx.out.line(details(entries, ctx.out.out));
  return EXIT_OK;
};

const add: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      engine: { type: "string" },
      version: { type: "string" },
      pooling: { type: "boolean" },
      "no-pooling": { type: "boolean" },
      wait: { type: "boolean" },
    },
    ADD_USAGE,
  );
  if (values.help) return help(ctx, ADD_USAGE);
  const tenant = onePositional(positionals, "the tenant (its id or slug)", ADD_USAGE);
  if (values.engine !== "postgres" && values.engine !== "mysql") {
    throw new UsageError("--engine must be postgres or mysql", ADD_USAGE);
  }
  if (values.pooling && values["no-pooling"]) {
    throw new UsageError("give --pooling or --no-pooling, not both", ADD_USAGE);
  }
  const pooling = values.pooling ? true : values["no-pooling"] ? false : undefined;
  const operation = await (await ctx.client()).database.add(
    tenant,
    {
      engine: values.engine,
      ...(values.version ? { version: values.version } : {}),
      ...(pooling === undefined ? {} : { pooling }),
    },
    { idempotencyKey: randomUUID() },
  );
  return reportOperation(ctx, operation, values.wait);
};

const rotatePassword: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, { wait: { type: "boolean" } }, ROTATE_USAGE);
  if (values.help) return help(ctx, ROTATE_USAGE);
  const tenant = onePositional(positionals, "the tenant (its id or slug)", ROTATE_USAGE);
  const operation = await (await ctx.client()).database.rotatePassword(tenant, {
    idempotencyKey: randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

export const database = group("database", DATABASE_USAGE, {
  show,
  add,
  "rotate-password": rotatePassword,
});

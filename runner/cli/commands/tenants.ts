import { randomUUID } from "node:crypto";
import {
  ConnectionError,
  TENANT_STATUSES,
  type Tenant,
  type TenantOperation,
  type TenantStatus,
} from "../api/index.ts";
import {
  EXIT_FAILURE,
  EXIT_OK,
  integerFlag,
  noPositionals,
  onePositional,
  parse,
  UsageError,
} from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { reportOperation } from "../operation.ts";
import { confirm } from "../prompt.ts";
import { details, table } from "../render/table.ts";
import { tenantDetails } from "../render/tenant.ts";
import { redeploy, update } from "./tenant-changes.ts";
import { buildCreateInput, SERVICE_OPTIONS } from "./tenant-spec.ts";

const CREATE_USAGE = `Usage: enclave tenants create --name <name> [--slug <slug>] <source> [options]

Source (one of):
  --git <url>            a git repository (a local directory becomes file://), with
    --ref <ref>          branch, tag or commit (default main)
    --path <dir>         the app's directory inside the repository
  --github <owner/repo>  a GitHub repository (also --ref, --path)
  --image <ref>          a prebuilt container image
  --file <spec.json>     the whole request body as JSON, for several services ("-" = stdin)

Options:
  --plan <plan>          quota plan (default: the platform's)
  --service <name>       the service's name (default web)
  --port <port>          the port the app listens on (required)
  --health-path <path>   the path answering 200 when healthy (default /)
  --release-command <c>  run through sh -c on the new image before each rollout (migrations)
  --env KEY=VALUE        an environment variable (repeatable; stored encrypted)
  --label KEY=VALUE      a label for your own bookkeeping (repeatable)
  --database <engine>    postgres[:16] or mysql[:8.4]
  --domain <host>        a custom domain (repeatable)
  --idempotency-key <k>  reuse to make a retried create safe (default: random)
  --wait                 follow the progress until the tenant is ready or failed
  --json                 machine-readable output`;

const LIST_USAGE = `Usage: enclave tenants list [--status <status>] [--limit <n>] [--cursor <c> | --all] [--json]`;
const GET_USAGE = `Usage: enclave tenants get <tenant> [--json]

<tenant> is the tenant's id (ten_…) or its slug; every tenant command takes either.`;
const DELETE_USAGE = `Usage: enclave tenants delete <tenant> [--yes] [--wait] [--json]

Removes the tenant's namespace, workloads, database and routes.
  --yes    do not ask for confirmation (required when stdin is not a terminal)
  --wait   follow the progress until the tenant is deleted`;

export const TENANTS_USAGE = `Usage: enclave tenants <command>

Commands:
  create   provision a tenant (namespace, build, database, TLS route)
  list     list tenants
  get      show one tenant
  update   change a tenant's plan (deployed at once), name or labels
  redeploy deploy the tenant's current spec again (new commits, a failed first build)
  delete   deprovision a tenant and erase its data
  erasure  what a deleted tenant's erasure destroyed, and when`;

const create: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      name: { type: "string" },
      slug: { type: "string" },
      plan: { type: "string" },
      service: { type: "string" },
      ...SERVICE_OPTIONS,
      label: { type: "string", multiple: true },
      database: { type: "string" },
      domain: { type: "string", multiple: true },
      file: { type: "string" },
      "idempotency-key": { type: "string" },
      wait: { type: "boolean" },
    },
    CREATE_USAGE,
  );
  if (values.help) return help(ctx, CREATE_USAGE);
  noPositionals(positionals, CREATE_USAGE);
  const input = await buildCreateInput(values, CREATE_USAGE, ctx.io.stdin);
  const idempotencyKey = values["idempotency-key"] ?? randomUUID();
  const client = await ctx.client();
  let operation: TenantOperation;
  try {
    operation = await client.tenants.create(input, { idempotencyKey });
  } catch (error) {
    // The request may have arrived: the same key makes a retry return it instead of a twin.
    if (error instanceof ConnectionError && !values["idempotency-key"]) {
      throw new Error(`${error.message}\nRetry safely with: --idempotency-key ${idempotencyKey}`, {
        cause: error,
      });
    }
    throw error;
  }
  const { tenant, deployment } = operation;
  if (values.wait) {
    ctx.out.note(
      `Creating ${ctx.out.err.bold(tenant.slug)} (${tenant.id}), deployment ${deployment.id}`,
    );
  }
  return reportOperation(ctx, operation, values.wait);
};

const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      status: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
      all: { type: "boolean" },
    },
    LIST_USAGE,
  );
  if (values.help) return help(ctx, LIST_USAGE);
  noPositionals(positionals, LIST_USAGE);
  if (values.all && values.cursor)
    throw new UsageError("use --cursor or --all, not both", LIST_USAGE);
  const limit = integerFlag(values.limit, "limit", LIST_USAGE, { min: 1, max: 100 });
  const status = values.status === undefined ? undefined : tenantStatus(values.status);
  const client = await ctx.client();
  let tenants: Tenant[];
  let nextCursor: string | null | undefined = null;
  if (values.all) {
    tenants = [];
    for await (const tenant of client.tenants.listAll({ status, limit })) tenants.push(tenant);
  } else {
    const page = await client.tenants.list({ status, limit, cursor: values.cursor });
    tenants = page.data;
    nextCursor = page.nextCursor;
  }
  if (ctx.out.json) {
    ctx.out.data({ data: tenants, nextCursor: nextCursor ?? null });
    return EXIT_OK;
  }
  if (tenants.length === 0) {
    ctx.out.note("No tenants.");
    return EXIT_OK;
  }
  const rows = tenants.map((t) => [t.id, t.slug, t.name, t.plan, t.status, t.createdAt ?? ""]);
  ctx.out.line(table(["ID", "SLUG", "NAME", "PLAN", "STATUS", "CREATED"], rows, ctx.out.out));
  if (nextCursor) ctx.out.note(`More: enclave tenants list --cursor ${nextCursor}`);
  return EXIT_OK;
};

const tenantStatus = (value: string): TenantStatus => {
  const status = TENANT_STATUSES.find((s) => s === value);
  if (!status)
    throw new UsageError(`--status must be one of ${TENANT_STATUSES.join(", ")}`, LIST_USAGE);
  return status;
};

const get: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, GET_USAGE);
  if (values.help) return help(ctx, GET_USAGE);
  const tenantId = onePositional(positionals, "the tenant (its id or slug)", GET_USAGE);
  const tenant = await (await ctx.client()).tenants.get(tenantId);
  if (ctx.out.json) ctx.out.data(tenant);
  else ctx.out.line(details(tenantDetails(tenant), ctx.out.out));
  return EXIT_OK;
};

const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { yes: { type: "boolean", short: "y" }, wait: { type: "boolean" } },
    DELETE_USAGE,
  );
  if (values.help) return help(ctx, DELETE_USAGE);
  const tenantId = onePositional(positionals, "the tenant (its id or slug)", DELETE_USAGE);
  const client = await ctx.client();
  if (!values.yes) {
    // Scripts must say --yes: a pipe cannot answer a question.
    if (!ctx.io.stdin.isTTY)
      throw new UsageError("deleting needs --yes when stdin is not a terminal", DELETE_USAGE);
    const tenant = await client.tenants.get(tenantId);
    if (
      !(await confirm(
        ctx.io,
        `Delete tenant ${tenant.slug} (${tenant.id}) and all its data? [y/N] `,
      ))
    ) {
      ctx.out.note("Not deleted.");
      return EXIT_FAILURE;
    }
  }
  return reportOperation(ctx, await client.tenants.delete(tenantId), values.wait);
};

const ERASURE_USAGE = `Usage: enclave tenants erasure <tenant-id> [--json]

The receipt of a deleted tenant's erasure: each kind of thing destroyed (namespace, volumes,
certificates, images, backups, env values, credentials, data key), how many, and when; and until
when its slug stays reserved.`;

const erasure: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, ERASURE_USAGE);
  if (values.help) return help(ctx, ERASURE_USAGE);
  const tenantId = onePositional(positionals, "the deleted tenant's id", ERASURE_USAGE);
  const receipt = await (await ctx.client()).tenants.erasure(tenantId);
  if (ctx.out.json) {
    ctx.out.data(receipt);
    return EXIT_OK;
  }
  ctx.out.line(
    `Tenant ${receipt.tenantId} deleted ${receipt.deletedAt ?? "-"}, erased ${receipt.completedAt}.`,
  );
  const rows = receipt.items.map((item) => [item.item, String(item.count), item.erasedAt]);
  ctx.out.line(table(["ITEM", "COUNT", "ERASED"], rows, ctx.out.out));
  ctx.out.note(`Its slug stays reserved until ${receipt.slugReservedUntil}.`);
  return EXIT_OK;
};

export const tenants = group("tenants", TENANTS_USAGE, {
  create,
  list,
  get,
  update,
  redeploy,
  delete: remove,
  erasure,
});

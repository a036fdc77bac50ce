import { randomUUID } from "node:crypto";
import type { CreateServiceInput, Service } from "../api/index.ts";
import { EXIT_OK, integerFlag, parse, UsageError } from "../args.ts";
import { type Command, help } from "../context.ts";
import { reportOperation } from "../operation.ts";
import { details, table } from "../render/table.ts";
import {
  PORT_RANGE,
  parseHealthPath,
  parsePairs,
  SERVICE_OPTIONS,
  sourceFromFlags,
} from "./tenant-spec.ts";

const LIST_USAGE = `Usage: enclave services list <tenant> [--json]

The tenant's services in deploy order: kind, port, whether public and where, replicas, schedule.`;

const SHOW_USAGE = `Usage: enclave services show <tenant> <service> [--json]`;

const ADD_USAGE = `Usage: enclave services add <tenant> <service> [options] [-- <command> <args>...]

Adds a service and deploys the tenant: the service is built, and every other service is rolled
with its ENCLAVE_SERVICE_<NAME>_URL. Words after -- are the container's command.

Source (one of):
  --git <url> | --github <owner/repo> | --image <ref>   [--ref <ref>] [--path <dir>]

Options:
  --kind <kind>                 web (default), worker (no port) or cron (on a schedule)
  --port <port>                 the port a web service listens on (required for web)
  --health-path <path>          the path answering 200 when healthy
  --public                      route it from outside at <service>--<slug>.<base domain>
  --schedule <cron>             a cron service's five-field schedule, e.g. "*/15 * * * *"
  --concurrency-policy <p>      a cron service's overlap: Forbid (default), Allow or Replace
  --env KEY=VALUE               a variable (repeatable; stored encrypted)
  --idempotency-key <k>         reuse to make a retried request safe (default: random)
  --wait                        follow the progress until the tenant is ready or failed
  --json                        machine-readable output`;

const REMOVE_USAGE = `Usage: enclave services remove <tenant> <service> [--wait] [--json]

Removes the service; the deployment removes its objects and rolls the others without its URL.`;

const SCALE_USAGE = `Usage: enclave services scale <tenant> <service> <replicas> [--wait] [--json]

Sets how many pods the service runs (0 stops it, at most the plan's replicas). Only this
service is rolled, on the image it serves: nothing is built.`;

const RESTART_USAGE = `Usage: enclave services restart <tenant> <service> [--wait] [--json]

Replaces the service's pods one at a time with new ones of the same image, as
kubectl rollout restart does.`;

const KINDS = ["web", "worker", "cron"] as const;
export const POLICIES = ["Forbid", "Allow", "Replace"] as const;
const REPLICAS_RANGE = { min: 0, max: 1000 };

const operationOptions = {
  "idempotency-key": { type: "string" },
  wait: { type: "boolean" },
} as const;

const tenantAndService = (positionals: string[], usage: string): [string, string, string[]] => {
  const [tenantId, serviceName, ...rest] = positionals;
  if (!tenantId || !serviceName) {
    throw new UsageError("give the tenant (its id or slug) and the service name", usage);
  }
  return [tenantId, serviceName, rest];
};

const noMore = (rest: string[], usage: string) => {
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(" ")}`, usage);
};

export const oneOf = <T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  usage: string,
): T | undefined => {
  if (value === undefined) return undefined;
  const found = allowed.find((candidate) => candidate === value);
  if (!found) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}`, usage);
  return found;
};

/** `web`, `worker`, `cron "0 3 * * *"`: the kind and, for a cron service, its schedule. */
const describeKind = (service: Service) =>
  service.kind === "cron" ? `cron ${service.schedule ?? ""}` : service.kind;

export const list: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, LIST_USAGE);
  if (values.help) return help(ctx, LIST_USAGE);
  const [tenantId, ...rest] = positionals;
  if (!tenantId) throw new UsageError("give the tenant (its id or slug)", LIST_USAGE);
  noMore(rest, LIST_USAGE);
  const services = await (await ctx.client()).services.list(tenantId);
  if (ctx.out.json) {
    ctx.out.data({ services });
    return EXIT_OK;
  }
  const rows = services.map((service) => [
    service.name,
    describeKind(service),
    service.port === null ? "" : String(service.port),
    service.replicas === null ? "plan" : String(service.replicas),
    service.url ?? (service.public ? "public" : "internal"),
  ]);
  ctx.out.line(table(["NAME", "KIND", "PORT", "REPLICAS", "URL"], rows, ctx.out.out));
  return EXIT_OK;
};

export const show: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, SHOW_USAGE);
  if (values.help) return help(ctx, SHOW_USAGE);
  const [tenantId, serviceName, rest] = tenantAndService(positionals, SHOW_USAGE);
  noMore(rest, SHOW_USAGE);
  const service = await (await ctx.client()).services.get(tenantId, serviceName);
  if (ctx.out.json) {
    ctx.out.data(service);
    return EXIT_OK;
  }
  const entries: [string, unknown][] = [
    ["id", service.id],
    ["name", service.name],
    ["kind", service.kind],
    ["port", service.port],
    ["health path", service.kind === "web" ? service.healthPath : null],
    ["public", service.public ? "yes" : "no"],
    ["url", service.url],
    ["replicas", service.replicas ?? "the plan's"],
    ["schedule", service.schedule],
    ["concurrency", service.concurrencyPolicy],
    ["command", service.command?.join(" ") ?? null],
    ["restarted", service.restartedAt],
    ["env", Object.keys(service.env).join(" ")],
  ];
  ctx.out.line(details(entries, ctx.out.out));
  return EXIT_OK;
};

export const add: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      ...SERVICE_OPTIONS,
      ...operationOptions,
      kind: { type: "string" },
      public: { type: "boolean" },
      schedule: { type: "string" },
      "concurrency-policy": { type: "string" },
    },
    ADD_USAGE,
  );
  if (values.help) return help(ctx, ADD_USAGE);
  const [tenantId, name, command] = tenantAndService(positionals, ADD_USAGE);
  const source = sourceFromFlags(values, ADD_USAGE);
  if (!source) {
    throw new UsageError("say where the service comes from: --git, --github or --image", ADD_USAGE);
  }
  const kind = oneOf(values.kind, KINDS, "kind", ADD_USAGE);
  const concurrencyPolicy = oneOf(
    values["concurrency-policy"],
    POLICIES,
    "concurrency-policy",
    ADD_USAGE,
  );
  const port = integerFlag(values.port, "port", ADD_USAGE, PORT_RANGE);
  const healthPath = parseHealthPath(values["health-path"], ADD_USAGE);
  const input: CreateServiceInput = {
    name,
    source,
    ...(kind ? { kind } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(healthPath !== undefined ? { healthPath } : {}),
    ...(values.public ? { public: true } : {}),
    ...(values.schedule ? { schedule: values.schedule } : {}),
    ...(concurrencyPolicy ? { concurrencyPolicy } : {}),
    ...(command.length > 0 ? { command } : {}),
    ...(values.env?.length ? { env: parsePairs(values.env, "env", ADD_USAGE) } : {}),
  };
  const operation = await (await ctx.client()).services.create(tenantId, input, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

export const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, operationOptions, REMOVE_USAGE);
  if (values.help) return help(ctx, REMOVE_USAGE);
  const [tenantId, serviceName, rest] = tenantAndService(positionals, REMOVE_USAGE);
  noMore(rest, REMOVE_USAGE);
  const operation = await (await ctx.client()).services.remove(tenantId, serviceName, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

export const scale: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, operationOptions, SCALE_USAGE);
  if (values.help) return help(ctx, SCALE_USAGE);
  const [tenantId, serviceName, [count, ...rest]] = tenantAndService(positionals, SCALE_USAGE);
  noMore(rest, SCALE_USAGE);
  const replicas = integerFlag(count, "replicas", SCALE_USAGE, REPLICAS_RANGE);
  if (replicas === undefined) throw new UsageError("give the number of replicas", SCALE_USAGE);
  const operation = await (await ctx.client()).services.scale(tenantId, serviceName, replicas, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

export const restart: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, operationOptions, RESTART_USAGE);
  if (values.help) return help(ctx, RESTART_USAGE);
  const [tenantId, serviceName, rest] = tenantAndService(positionals, RESTART_USAGE);
  noMore(rest, RESTART_USAGE);
  const operation = await (await ctx.client()).services.restart(tenantId, serviceName, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

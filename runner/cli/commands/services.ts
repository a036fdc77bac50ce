import { randomUUID } from "node:crypto";
import type { EnclaveClient, ServiceSourceInput, UpdateServiceInput } from "../api/index.ts";
import { integerFlag, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { reportOperation } from "../operation.ts";
import { add, list, oneOf, POLICIES, remove, restart, scale, show } from "./service-resources.ts";
import {
  ENV_NAME,
  PORT_RANGE,
  parseHealthPath,
  parsePairs,
  SERVICE_OPTIONS,
  type SourceFlags,
  sourceFromFlags,
} from "./tenant-spec.ts";

const UPDATE_USAGE = `Usage: enclave services update <tenant> <service> [options] [-- <command> <args>...]

Changes the service and redeploys the tenant; a tenant that was ready keeps serving its
previous version if the deployment fails. Words after -- become the container's command.

Source (optional, one of):
  --git <url>            a git repository (a local directory becomes file://)
  --github <owner/repo>  a GitHub repository
  --image <ref>          a prebuilt container image
  --ref <ref>            branch, tag or commit; alone, changes only the current repository's ref
  --path <dir>           the app's directory; alone, changes only the current repository's path

Options:
  --port <port>          the port the app listens on
  --health-path <path>   the path answering 200 when healthy
  --public               route it from outside (the first public service at <slug>.<base>,
                         others at <service>--<slug>.<base>)
  --no-public            make it internal
  --schedule <cron>      a cron service's five-field schedule, e.g. "*/15 * * * *"
  --concurrency-policy <p>
                         a cron service's overlap: Forbid, Allow or Replace
  --no-command           run the image's own command again
  --release-command <c>  run through sh -c on the new image before each rollout (migrations)
  --no-release-command   remove the release command
  --env KEY=VALUE        set a variable (repeatable; stored encrypted, other variables stay)
  --unset-env KEY        remove a variable (repeatable)
  --idempotency-key <k>  reuse to make a retried request safe (default: random)
  --wait                 follow the progress until the tenant is ready or failed
  --json                 machine-readable output`;

export const SERVICES_USAGE = `Usage: enclave services <command>

Commands:
  list      a tenant's services: kind, port, replicas, where each is reached
  show      one service in full (env names only)
  add       add a web, worker or cron service, and deploy the tenant
  update    change a service's source, port, health path, public flag, schedule,
            concurrency policy, command, release command or env
  remove    remove a service and deploy the tenant
  scale     set how many pods a service runs, without a build
  restart   replace a service's pods with new ones of the same image`;

/**
 * `--ref` or `--path` alone move the service's current repository, which the API returns
 * (sources are not secret); the API takes a source only as a whole.
 */
const movedSource = async (
  client: EnclaveClient,
  tenantId: string,
  serviceName: string,
  flags: SourceFlags,
): Promise<ServiceSourceInput> => {
  const tenant = await client.tenants.get(tenantId);
  const current = tenant.services.find((service) => service.name === serviceName)?.source;
  if (!current) throw new UsageError(`tenant ${tenantId} has no service ${serviceName}`);
  if (current.type === "image") {
    throw new UsageError(`${serviceName} runs an image; --ref and --path apply to repositories`);
  }
  return {
    ...current,
    ...(flags.ref ? { ref: flags.ref } : {}),
    ...(flags.path ? { path: flags.path } : {}),
  };
};

/** `--public`/`--no-public` as the API's flag; undefined leaves it as it is. */
const publicFlag = (values: { public?: boolean; "no-public"?: boolean }) => {
  if (values.public && values["no-public"]) {
    throw new UsageError("give --public or --no-public, not both", UPDATE_USAGE);
  }
  if (values.public) return true;
  return values["no-public"] ? false : undefined;
};

/**
 * The words after `--` replace the command, `--no-command` removes it; undefined leaves it.
 * Only words after `--` count, so a stray word is refused rather than run.
 */
const commandFlag = (command: string[] | undefined, noCommand: boolean | undefined) => {
  if (command && noCommand) {
    throw new UsageError("give a command after -- or --no-command, not both", UPDATE_USAGE);
  }
  if (command?.length === 0) throw new UsageError("give the command after --", UPDATE_USAGE);
  return noCommand ? null : command;
};

const update: Command = async (allArgs, ctx) => {
  const dashes = allArgs.indexOf("--");
  const args = dashes === -1 ? allArgs : allArgs.slice(0, dashes);
  const command = dashes === -1 ? undefined : allArgs.slice(dashes + 1);
  const { values, positionals } = parse(
    args,
    {
      ...SERVICE_OPTIONS,
      "unset-env": { type: "string", multiple: true },
      public: { type: "boolean" },
      "no-public": { type: "boolean" },
      schedule: { type: "string" },
      "concurrency-policy": { type: "string" },
      "no-command": { type: "boolean" },
      "no-release-command": { type: "boolean" },
      "idempotency-key": { type: "string" },
      wait: { type: "boolean" },
    },
    UPDATE_USAGE,
  );
  if (values.help) return help(ctx, UPDATE_USAGE);
  const [tenantId, serviceName, ...rest] = positionals;
  if (!tenantId || !serviceName) {
    throw new UsageError("give the tenant (its id or slug) and the service name", UPDATE_USAGE);
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(" ")}`, UPDATE_USAGE);
  const unset = values["unset-env"] ?? [];
  const badName = unset.find((name) => !ENV_NAME.test(name));
  if (badName !== undefined) {
    throw new UsageError(`--unset-env must be a variable name, got ${badName}`, UPDATE_USAGE);
  }
  const port = integerFlag(values.port, "port", UPDATE_USAGE, PORT_RANGE);
  const healthPath = parseHealthPath(values["health-path"], UPDATE_USAGE);
  if (values["release-command"] !== undefined && values["no-release-command"]) {
    throw new UsageError("give --release-command or --no-release-command, not both", UPDATE_USAGE);
  }
  const releaseCommand = values["no-release-command"] ? null : values["release-command"];
  const isPublic = publicFlag(values);
  const newCommand = commandFlag(command, values["no-command"]);
  const concurrencyPolicy = oneOf(
    values["concurrency-policy"],
    POLICIES,
    "concurrency-policy",
    UPDATE_USAGE,
  );
  const client = await ctx.client();
  const source =
    sourceFromFlags(values, UPDATE_USAGE) ??
    (values.ref || values.path
      ? await movedSource(client, tenantId, serviceName, values)
      : undefined);
  const input: UpdateServiceInput = {
    ...(source ? { source } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(healthPath !== undefined ? { healthPath } : {}),
    ...(releaseCommand !== undefined ? { releaseCommand } : {}),
    ...(isPublic !== undefined ? { public: isPublic } : {}),
    ...(values.schedule !== undefined ? { schedule: values.schedule } : {}),
    ...(concurrencyPolicy ? { concurrencyPolicy } : {}),
    ...(newCommand !== undefined ? { command: newCommand } : {}),
    ...(values.env?.length ? { envSet: parsePairs(values.env, "env", UPDATE_USAGE) } : {}),
    ...(unset.length > 0 ? { envUnset: unset } : {}),
  };
  if (Object.keys(input).length === 0) {
    throw new UsageError("nothing to change", UPDATE_USAGE);
  }
  const operation = await client.services.update(tenantId, serviceName, input, {
    idempotencyKey: values["idempotency-key"] ?? randomUUID(),
  });
  return reportOperation(ctx, operation, values.wait);
};

export const services = group("services", SERVICES_USAGE, {
  list,
  show,
  add,
  update,
  remove,
  scale,
  restart,
});

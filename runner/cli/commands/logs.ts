import type { RuntimeLogLine } from "../../../worker/contracts/index.ts";
import { EXIT_OK, Interrupted, integerFlag, parse, UsageError } from "../args.ts";
import type { Command, Context } from "../context.ts";
import { help } from "../context.ts";

const USAGE = `Usage: enclave logs <tenant> <service> [-f] [--tail N] [--since 10m] [--json]
       enclave logs --deployment <deployment-id> [--json]

A service's runtime logs, from every pod it runs, each line prefixed with its pod; -f follows
new lines until Ctrl-C. With --deployment, the deployment's build log, kept after the build.
--since takes a duration: 30s, 10m, 2h, 1h30m. --json prints one JSON object per line.`;

const DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;

const printLine = (ctx: Context, line: RuntimeLogLine) => {
  if (ctx.out.json) ctx.out.data(line);
  else ctx.io.stdout.write(`${ctx.out.out.dim(`[${line.pod}]`)} ${line.line}\n`);
};

/** Follows until the pods' logs end or Ctrl-C, which ends the stream and then the process. */
async function follow(
  ctx: Context,
  tenant: string,
  service: string,
  query: { tail?: number; since?: string },
): Promise<number> {
  const client = await ctx.client();
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort(new Error("interrupted"));
  process.once("SIGINT", onInterrupt);
  try {
    for await (const line of client.logs.follow(tenant, service, query, interrupt.signal))
      printLine(ctx, line);
  } catch (error) {
    if (interrupt.signal.aborted) throw new Interrupted("stopped following the logs");
    throw error;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
  return EXIT_OK;
}

export const logs: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      deployment: { type: "string" },
      follow: { type: "boolean", short: "f" },
      tail: { type: "string" },
      since: { type: "string" },
    },
    USAGE,
  );
  if (values.help) return help(ctx, USAGE);
  if (values.deployment) {
    if (positionals.length > 0 || values.follow || values.tail || values.since) {
      throw new UsageError("--deployment takes no tenant, service, -f, --tail or --since", USAGE);
    }
    const lines = await (await ctx.client()).logs.deployment(values.deployment);
    for (const line of lines) {
      if (ctx.out.json) ctx.out.data(line);
      else ctx.io.stdout.write(`${ctx.out.out.dim(`${line.service} |`)} ${line.line}\n`);
    }
    return EXIT_OK;
  }
  const [tenant, service, ...rest] = positionals;
  if (!tenant || !service) throw new UsageError("missing the tenant and the service", USAGE);
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest.join(" ")}`, USAGE);
  const tail = integerFlag(values.tail, "tail", USAGE, { min: 1, max: 10_000 });
  if (values.since !== undefined && (!DURATION.test(values.since) || values.since === "")) {
    throw new UsageError("--since must be a duration such as 30s, 10m or 2h", USAGE);
  }
  const query = {
    ...(tail === undefined ? {} : { tail }),
    ...(values.since ? { since: values.since } : {}),
  };
  if (values.follow) return follow(ctx, tenant, service, query);
  const lines = await (await ctx.client()).logs.service(tenant, service, query);
  for (const line of lines) printLine(ctx, line);
  return EXIT_OK;
};

import { randomUUID } from "node:crypto";
import { onePositional, parse } from "../args.ts";
import { type Command, help } from "../context.ts";
import { reportOperation } from "../operation.ts";

const SUSPEND_USAGE = `Usage: enclave suspend <tenant> [--wait] [--json]

Scales every workload of the tenant to zero (its volumes and data stay) and answers its
hosts with HTTP 503 and the platform's "suspended" page. Redeploys and changes are refused
until it is resumed.
  --idempotency-key <k>  reuse to make a retried request safe (default: random)
  --wait                 follow the progress until the tenant is suspended`;

const RESUME_USAGE = `Usage: enclave resume <tenant> [--wait] [--json]

Brings a suspended tenant back: each workload to the replica count it had, its hosts routed
to it again once its services are healthy.
  --idempotency-key <k>  reuse to make a retried request safe (default: random)
  --wait                 follow the progress until the tenant is active again`;

const suspension =
  (action: "suspend" | "resume", usage: string): Command =>
  async (args, ctx) => {
    const { values, positionals } = parse(
      args,
      { "idempotency-key": { type: "string" }, wait: { type: "boolean" } },
      usage,
    );
    if (values.help) return help(ctx, usage);
    const tenant = onePositional(positionals, "the tenant (its id or slug)", usage);
    const operation = await (await ctx.client()).tenants[action](tenant, {
      idempotencyKey: values["idempotency-key"] ?? randomUUID(),
    });
    return reportOperation(ctx, operation, values.wait);
  };

export const suspend = suspension("suspend", SUSPEND_USAGE);
export const resume = suspension("resume", RESUME_USAGE);

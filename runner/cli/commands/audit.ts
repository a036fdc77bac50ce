import { EXIT_OK, integerFlag, noPositionals, parse } from "../args.ts";
import { type Command, help } from "../context.ts";
import { table } from "../render/table.ts";

const USAGE = `Usage: enclave audit [--actor <actor>] [--action <action>] [--target-type <type>]
                    [--target-id <id>] [--since <instant>] [--until <instant>]
                    [--limit <n>] [--cursor <c>] [--json]

The organization's audit log, newest first (needs an admin key). Actors look like
key:<id> or user:<id>; instants are ISO 8601 (2026-12-01T00:00:00Z).`;

export const audit: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      actor: { type: "string" },
      action: { type: "string" },
      "target-type": { type: "string" },
      "target-id": { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
    },
    USAGE,
  );
  if (values.help) return help(ctx, USAGE);
  noPositionals(positionals, USAGE);
  const limit = integerFlag(values.limit, "limit", USAGE, { min: 1, max: 100 });
  const filters = {
    actor: values.actor,
    action: values.action,
    targetType: values["target-type"],
    targetId: values["target-id"],
    since: values.since,
    until: values.until,
  };
  const page = await (await ctx.client()).audit.list({ ...filters, limit, cursor: values.cursor });
  if (ctx.out.json) {
    ctx.out.data(page);
    return EXIT_OK;
  }
  const rows = page.data.map((entry) => [
    entry.createdAt,
    entry.actor,
    entry.action,
    entry.targetId ? `${entry.targetType} ${entry.targetId}` : entry.targetType,
  ]);
  ctx.out.line(table(["WHEN", "ACTOR", "ACTION", "TARGET"], rows, ctx.out.out));
  if (page.nextCursor)
    ctx.out.note(`More: enclave audit <same filters> --cursor ${page.nextCursor}`);
  return EXIT_OK;
};

import { EXIT_OK, noPositionals, parse } from "../args.ts";
import { type Command, help } from "../context.ts";
import { table } from "../render/table.ts";

const USAGE = `Usage: enclave usage [--tenant <id|slug>] [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--csv] [--json]

Usage per UTC day (default: the last 30 days) of the organization, or of one tenant:
API requests, deployments, build minutes, service-hours, database, volume and backup GB-days.
--csv prints the API's CSV as is.`;

const COLUMNS = [
  "DATE",
  "REQUESTS",
  "DEPLOYS",
  "BUILD MIN",
  "SERVICE H",
  "DB GB-D",
  "VOL GB-D",
  "BACKUP GB-D",
];

export const usage: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      tenant: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      csv: { type: "boolean" },
    },
    USAGE,
  );
  if (values.help) return help(ctx, USAGE);
  noPositionals(positionals, USAGE);
  const client = await ctx.client();
  const query = { tenant: values.tenant, from: values.from, to: values.to };
  if (values.csv) {
    ctx.out.io.stdout.write(await client.usage.csv(query));
    return EXIT_OK;
  }
  const report = await client.usage.get(query);
  if (ctx.out.json) {
    ctx.out.data(report);
    return EXIT_OK;
  }
  const row = (date: string, day: Omit<(typeof report.days)[number], "date">) => [
    date,
    day.apiRequests === null ? "-" : String(day.apiRequests),
    String(day.deployments),
    String(day.buildMinutes),
    String(day.serviceHours),
    String(day.databaseGbDays),
    String(day.volumeGbDays),
    String(day.backupGbDays),
  ];
  const rows = [...report.days.map((day) => row(day.date, day)), row("total", report.totals)];
  ctx.out.line(table(COLUMNS, rows, ctx.out.out));
  return EXIT_OK;
};

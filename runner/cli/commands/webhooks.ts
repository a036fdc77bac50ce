import { WEBHOOK_EVENT_FILTERS } from "../api/index.ts";
import { EXIT_OK, integerFlag, noPositionals, onePositional, parse, UsageError } from "../args.ts";
import { type Command, group, help } from "../context.ts";
import { table } from "../render/table.ts";
import { pagedList } from "./paged-list.ts";

const CREATE_USAGE = `Usage: enclave webhooks create --url <url> [--event <type>]... [--description <text>] [--json]

Prints the signing secret (whsec_…) once. Without --event the webhook receives the
organization's default events (see enclave org update --webhook-event), else every event.
Event types: ${WEBHOOK_EVENT_FILTERS.join(", ")}`;
const LIST_USAGE = "Usage: enclave webhooks list [--limit <n>] [--cursor <c>] [--json]";
const DELETE_USAGE = "Usage: enclave webhooks delete <webhook-id> [--json]";
const TEST_USAGE = `Usage: enclave webhooks test <webhook-id> [--json]

Sends a webhook.test event now and shows the attempt; exits 1 when it was not delivered.`;
const DELIVERIES_USAGE =
  "Usage: enclave webhooks deliveries <webhook-id> [--limit <n>] [--cursor <c>] [--json]";

export const WEBHOOKS_USAGE = `Usage: enclave webhooks <command>

Commands:
  create       create a webhook (its signing secret is shown once)
  list         list webhooks, and why one is disabled
  delete       delete a webhook
  test         send a test event and show the attempt
  deliveries   every delivery attempt of a webhook, newest first`;

const EXIT_NOT_DELIVERED = 1;

/** The event types as the API names them; a usage error names the first unknown one. */
export const knownEvents = (events: string[], usage: string) =>
  events.map((event) => {
    const known = WEBHOOK_EVENT_FILTERS.find((candidate) => candidate === event);
    if (!known) throw new UsageError(`unknown event type ${event}`, usage);
    return known;
  });

const create: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      url: { type: "string" },
      event: { type: "string", multiple: true },
      description: { type: "string" },
    },
    CREATE_USAGE,
  );
  if (values.help) return help(ctx, CREATE_USAGE);
  noPositionals(positionals, CREATE_USAGE);
  if (!values.url) throw new UsageError("--url is required", CREATE_USAGE);
  const events = values.event && knownEvents(values.event, CREATE_USAGE);
  const created = await (await ctx.client()).webhooks.create({
    url: values.url,
    ...(events ? { events } : {}),
    ...(values.description ? { description: values.description } : {}),
  });
  if (ctx.out.json) {
    ctx.out.data(created);
    return EXIT_OK;
  }
  ctx.out.note(
    `Created ${created.webhook.id} for ${created.webhook.events.join(", ")}. Store the signing secret now: it is not shown again.`,
  );
  ctx.out.line(created.secret);
  return EXIT_OK;
};

const list = pagedList({
  usage: LIST_USAGE,
  command: "enclave webhooks list",
  fetch: (client, query) => client.webhooks.list(query),
  columns: ["ID", "URL", "EVENTS", "STATUS"],
  row: (webhook) => [
    webhook.id,
    webhook.url,
    webhook.events.join(","),
    webhook.enabled ? "enabled" : `disabled: ${webhook.disabledReason ?? "no reason given"}`,
  ],
});

const remove: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, DELETE_USAGE);
  if (values.help) return help(ctx, DELETE_USAGE);
  const webhookId = onePositional(positionals, "the webhook id", DELETE_USAGE);
  const deleted = await (await ctx.client()).webhooks.delete(webhookId);
  if (ctx.out.json) ctx.out.data(deleted);
  else ctx.out.line(`Deleted ${deleted.id} (${deleted.url}).`);
  return EXIT_OK;
};

const test: Command = async (args, ctx) => {
  const { values, positionals } = parse(args, {}, TEST_USAGE);
  if (values.help) return help(ctx, TEST_USAGE);
  const webhookId = onePositional(positionals, "the webhook id", TEST_USAGE);
  const delivery = await (await ctx.client()).webhooks.test(webhookId);
  if (ctx.out.json) ctx.out.data(delivery);
  else if (delivery.succeeded) {
    ctx.out.line(`Delivered (${delivery.statusCode}) in ${delivery.latencyMs} ms.`);
  } else ctx.out.line(`Not delivered: ${delivery.error}`);
  return delivery.succeeded ? EXIT_OK : EXIT_NOT_DELIVERED;
};

const deliveries: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { limit: { type: "string" }, cursor: { type: "string" } },
    DELIVERIES_USAGE,
  );
  if (values.help) return help(ctx, DELIVERIES_USAGE);
  const webhookId = onePositional(positionals, "the webhook id", DELIVERIES_USAGE);
  const limit = integerFlag(values.limit, "limit", DELIVERIES_USAGE, { min: 1, max: 100 });
  const page = await (await ctx.client()).webhooks.deliveries(webhookId, {
    limit,
    cursor: values.cursor,
  });
  if (ctx.out.json) {
    ctx.out.data(page);
    return EXIT_OK;
  }
  const rows = page.data.map((delivery) => [
    delivery.createdAt,
    delivery.eventType,
    delivery.eventId,
    String(delivery.attempt),
    delivery.statusCode === null ? "-" : String(delivery.statusCode),
    delivery.latencyMs === null ? "-" : `${delivery.latencyMs} ms`,
    delivery.succeeded ? "delivered" : (delivery.error ?? "failed"),
  ]);
  ctx.out.line(
    table(["AT", "EVENT", "EVENT ID", "ATTEMPT", "STATUS", "LATENCY", "RESULT"], rows, ctx.out.out),
  );
  if (page.nextCursor) {
    ctx.out.note(`More: enclave webhooks deliveries ${webhookId} --cursor ${page.nextCursor}`);
  }
  return EXIT_OK;
};

export const webhooks = group("webhooks", WEBHOOKS_USAGE, {
  create,
  list,
  delete: remove,
  test,
  deliveries,
});

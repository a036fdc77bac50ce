import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const WEBHOOK_ID = "whk_0123456789abcdefghjk";
const SECRET = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
const webhook = (overrides: Record<string, unknown> = {}) => ({
  id: WEBHOOK_ID,
  url: "https://billing.example.com/hooks/enclave",
  description: null,
  events: ["tenant.ready"],
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  consecutiveFailures: 0,
  previousSecretExpiresAt: null,
  secretRotatedAt: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  ...overrides,
});
const delivery = (overrides: Record<string, unknown> = {}) => ({
  id: "whd_0123456789abcdefghjk",
  webhookId: WEBHOOK_ID,
  eventId: "evt_0123456789abcdefghjk",
  eventType: "webhook.test",
  attempt: 1,
  succeeded: true,
  statusCode: 200,
  latencyMs: 42,
  responseExcerpt: "ok",
  error: null,
  createdAt: "2025-01-01T00:00:01.000Z",
  ...overrides,
});

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave webhooks", () => {
  it("create sends the events and prints the signing secret once, on stdout only", async () => {
    api.json("POST", "/v1/webhooks", 201, { webhook: webhook(), secret: SECRET });
    const result = await cli(
      "webhooks",
      "create",
      "--url",
      "https://billing.example.com/hooks/enclave",
      "--event",
      "tenant.ready",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SECRET}\n`);
    expect(result.stderr).toContain("not shown again");
    expect(api.requests[0]?.body).toEqual({
      url: "https://billing.example.com/hooks/enclave",
      events: ["tenant.ready"],
    });
  });

  it("create leaves the events to the organization's defaults without --event and refuses unknown ones", async () => {
    api.json("POST", "/v1/webhooks", 201, { webhook: webhook({ events: ["*"] }), secret: SECRET });
    await cli("webhooks", "create", "--url", "https://billing.example.com/in");
    expect(api.requests[0]?.body).toEqual({ url: "https://billing.example.com/in" });
    const refused = await cli("webhooks", "create", "--url", "https://x.example", "--event", "x");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("unknown event type x");
    expect(api.requests).toHaveLength(1);
  });

  it("list shows why a webhook is disabled, and delete names it", async () => {
    const reason = "Disabled after 15 consecutive failed deliveries";
    api.json("GET", "/v1/webhooks", 200, {
      data: [webhook({ enabled: false, disabledReason: reason })],
      nextCursor: null,
    });
    api.json("DELETE", `/v1/webhooks/${WEBHOOK_ID}`, 200, webhook());
    const list = await cli("webhooks", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(WEBHOOK_ID);
    expect(list.stdout).toContain(`disabled: ${reason}`);
    const removed = await cli("webhooks", "delete", WEBHOOK_ID);
    expect(removed.stdout).toBe(
      `Deleted ${WEBHOOK_ID} (https://billing.example.com/hooks/enclave).\n`,
    );
  });

  it("test shows the attempt and exits 1 when it was not delivered", async () => {
    api.json("POST", `/v1/webhooks/${WEBHOOK_ID}/test`, 200, delivery());
    const delivered = await cli("webhooks", "test", WEBHOOK_ID);
    expect(delivered).toMatchObject({ code: 0, stdout: "Delivered (200) in 42 ms.\n" });
    api.json(
      "POST",
      `/v1/webhooks/${WEBHOOK_ID}/test`,
      200,
      delivery({ succeeded: false, statusCode: 500, error: "The receiver answered 500" }),
    );
    const failed = await cli("webhooks", "test", WEBHOOK_ID);
    expect(failed).toMatchObject({
      code: 1,
      stdout: "Not delivered: The receiver answered 500\n",
    });
  });

  it("deliveries lists every attempt", async () => {
    api.json("GET", `/v1/webhooks/${WEBHOOK_ID}/deliveries`, 200, {
      data: [
        delivery({ eventType: "tenant.ready", attempt: 2 }),
        delivery({
          eventType: "tenant.ready",
          succeeded: false,
          statusCode: 503,
          error: "The receiver answered 503",
        }),
      ],
      nextCursor: null,
    });
    const result = await cli("webhooks", "deliveries", WEBHOOK_ID, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).data).toHaveLength(2);
    const table = await cli("webhooks", "deliveries", WEBHOOK_ID);
    expect(table.stdout).toMatch(
      /tenant\.ready\s+evt_0123456789abcdefghjk\s+2\s+200\s+42 ms\s+delivered/,
    );
    expect(table.stdout).toMatch(/503\s+42 ms\s+The receiver answered 503/);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import type { WebhookMessage } from "../../../worker/contracts/index.ts";
import { bearer, createOrg, createTenant, OPERATOR_TOKEN, request } from "../harness.ts";
import {
  captureWebhookMessages,
  consume,
  createWebhook,
  listDeliveries,
  mockReceiver,
  receiverVerifies,
  setPlatformConfig,
} from "./support.ts";

afterEach(async () => {
  vi.restoreAllMocks();
  await request("/v1/admin/config/webhooks", { method: "DELETE", headers: bearer(OPERATOR_TOKEN) });
});

const deliveriesOf = (messages: WebhookMessage[]) =>
  messages.filter((message) => message.type === "deliver");

/** A tenant created through the API, its tenant.created event fanned out to the webhooks. */
async function tenantCreatedDeliveries(org: Awaited<ReturnType<typeof createOrg>>) {
  const sent = captureWebhookMessages();
  await createTenant(org);
  const fanOut = sent.filter((message) => message.type === "fan-out");
  expect(fanOut.map((message) => message.event.type)).toEqual(["tenant.created"]);
  const before = sent.length;
  const result = await consume(fanOut.map((body) => ({ body })));
  expect(result.explicitAcks).toEqual(["msg-0"]);
  return deliveriesOf(sent.slice(before));
}

describe("webhook delivery", () => {
  it("queues tenant.created for the subscribed webhooks only, and once", async () => {
    const org = await createOrg();
    const all = await createWebhook(org);
    const ready = await createWebhook(org, { events: ["tenant.ready"] });
    const created = await createWebhook(org, { events: ["tenant.created"] });
    const deliveries = await tenantCreatedDeliveries(org);
    expect(deliveries.map((message) => message.webhookId).sort()).toEqual(
      [all.webhook.id, created.webhook.id].sort(),
    );
    expect(deliveries.map((message) => message.webhookId)).not.toContain(ready.webhook.id);
  });

  it("stores a fanned-out event once: the same event again queues nothing", async () => {
    const org = await createOrg();
    await createWebhook(org);
    const sent = captureWebhookMessages();
    await createTenant(org);
    const [fanOut] = sent;
    if (!fanOut) throw new Error("no event");
    await consume([{ body: fanOut }]);
    const after = sent.length;
    await consume([{ body: fanOut, attempts: 2 }]);
    expect(sent.length).toBe(after);
  });

  it("retries a receiver that fails twice with growing, jittered delays; three deliveries", async () => {
    const org = await createOrg();
    const { webhook, secret } = await createWebhook(org);
    const [message] = await tenantCreatedDeliveries(org);
    if (!message) throw new Error("no delivery queued");
    const calls = mockReceiver((_call, index) => (index < 2 ? 503 : 200));

    const first = await consume([{ body: message, attempts: 1 }]);
    const second = await consume([{ body: message, attempts: 2 }]);
    const third = await consume([{ body: message, attempts: 3 }]);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.retryDelays[0]).toBeGreaterThanOrEqual(15);
    expect(first.retryDelays[0]).toBeLessThanOrEqual(30);
    expect(second.retryDelays[0]).toBeGreaterThanOrEqual(30);
    expect(second.retryDelays[0]).toBeLessThanOrEqual(60);
    expect(third.explicitAcks).toEqual(["msg-0"]);
    expect(third.retryMessages).toEqual([]);

    const deliveries = await listDeliveries(org, webhook.id);
    expect(deliveries.map((d) => [d.attempt, d.statusCode, d.succeeded])).toEqual([
      [3, 200, true],
      [2, 503, false],
      [1, 503, false],
    ]);
    expect(deliveries[1]).toMatchObject({
      eventType: "tenant.created",
      error: "The receiver answered 503",
      responseExcerpt: "answer 2",
    });
    const ids = new Set(calls.map((call) => call.headers.get("enclave-event-id")));
    expect(ids).toEqual(new Set([message.eventId]));
    for (const call of calls) {
      expect(await receiverVerifies(call.headers.get("enclave-signature"), call.body, secret)).toBe(
        true,
      );
      expect(JSON.parse(call.body)).toMatchObject({ id: message.eventId, type: "tenant.created" });
    }
  });

  it("disables a webhook whose deliveries fail too often in a row, and says why", async () => {
    await setPlatformConfig("webhooks", { maxAttempts: 2, disableAfterFailedDeliveries: 2 });
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    mockReceiver(() => 500);
    for (let delivery = 0; delivery < 2; delivery++) {
      const [message] = await tenantCreatedDeliveries(org);
      if (!message) throw new Error("no delivery queued");
      expect((await consume([{ body: message, attempts: 1 }])).retryMessages).toHaveLength(1);
      expect((await consume([{ body: message, attempts: 2 }])).explicitAcks).toEqual(["msg-0"]);
    }
    const res = await request(`/v1/webhooks/${webhook.id}`, { headers: org.headers });
    const disabled = (await res.json()) as Record<string, unknown>;
    expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: 2 });
    expect(disabled.disabledReason).toBe(
      "Disabled after 2 consecutive failed deliveries (each tried 2 times); the last error: The receiver answered 500",
    );
    expect(await tenantCreatedDeliveries(org)).toEqual([]);

    const enabled = await request(`/v1/webhooks/${webhook.id}`, {
      method: "PATCH",
      headers: org.headers,
      json: { enabled: true },
    });
    expect(await enabled.json()).toMatchObject({
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
    });
  });

  it("a success ends the streak of failed deliveries", async () => {
    await setPlatformConfig("webhooks", { maxAttempts: 1, disableAfterFailedDeliveries: 2 });
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    const answers = [500, 200, 500];
    mockReceiver((_call, index) => answers[index] ?? 500);
    for (let delivery = 0; delivery < 3; delivery++) {
      const [message] = await tenantCreatedDeliveries(org);
      if (!message) throw new Error("no delivery queued");
      await consume([{ body: message }]);
    }
    const res = await request(`/v1/webhooks/${webhook.id}`, { headers: org.headers });
    expect(await res.json()).toMatchObject({ enabled: true, consecutiveFailures: 1 });
  });

  it("redelivers a delivery's event as a new delivery", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    const [message] = await tenantCreatedDeliveries(org);
    if (!message) throw new Error("no delivery queued");
    mockReceiver(() => 200);
    await consume([{ body: message }]);
    const [delivery] = await listDeliveries(org, webhook.id);
    const sent = captureWebhookMessages();
    const res = await request(`/v1/webhooks/${webhook.id}/deliveries/${delivery?.id}/redeliver`, {
      method: "POST",
      headers: org.headers,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ webhookId: webhook.id, eventId: message.eventId });
    expect(sent).toEqual([message]);
  });

  it("delivers nothing to a webhook deleted after the delivery was queued", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    const [message] = await tenantCreatedDeliveries(org);
    if (!message) throw new Error("no delivery queued");
    await request(`/v1/webhooks/${webhook.id}`, { method: "DELETE", headers: org.headers });
    const calls = mockReceiver(() => 200);
    expect((await consume([{ body: message }])).explicitAcks).toEqual(["msg-0"]);
    expect(calls).toEqual([]);
  });
});

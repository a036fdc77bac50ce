import { afterEach, describe, expect, it, vi } from "vitest";
import { createOrg, request } from "../harness.ts";
import { createWebhook, mockReceiver } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("webhook security", () => {
  it("answers 404 for another organization's webhook and its deliveries", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const { webhook } = await createWebhook(owner);
    mockReceiver(() => 200);
    const tested = await request(`/v1/webhooks/${webhook.id}/test`, {
      method: "POST",
      headers: owner.headers,
    });
    const { id: deliveryId } = (await tested.json()) as { id: string };
    for (const [method, path, json] of [
      ["GET", `/v1/webhooks/${webhook.id}`, undefined],
      ["PATCH", `/v1/webhooks/${webhook.id}`, { enabled: false }],
      ["DELETE", `/v1/webhooks/${webhook.id}`, undefined],
      ["POST", `/v1/webhooks/${webhook.id}/test`, undefined],
      ["GET", `/v1/webhooks/${webhook.id}/deliveries`, undefined],
      ["POST", `/v1/webhooks/${webhook.id}/deliveries/${deliveryId}/redeliver`, undefined],
      ["POST", `/v1/webhooks/${webhook.id}/rotate-secret`, undefined],
    ] as const) {
      const res = await request(path, { method, headers: other.headers, json });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    const list = await request("/v1/webhooks", { headers: other.headers });
    expect(((await list.json()) as { data: unknown[] }).data).toEqual([]);
    const still = await request(`/v1/webhooks/${webhook.id}`, { headers: owner.headers });
    expect(await still.json()).toMatchObject({ enabled: true });
  });

  it("lets a read key read and answers 403 to its writes", async () => {
    const owner = await createOrg();
    const { webhook } = await createWebhook(owner);
    const readerOfOwner = await request("/v1/api-keys", {
      method: "POST",
      headers: owner.headers,
      json: { name: "reader", scopes: ["read"] },
    });
    const { key } = (await readerOfOwner.json()) as { key: string };
    const headers = { authorization: `Bearer ${key}` };
    expect((await request(`/v1/webhooks/${webhook.id}`, { headers })).status).toBe(200);
    expect((await request(`/v1/webhooks/${webhook.id}/deliveries`, { headers })).status).toBe(200);
    for (const [method, path, json] of [
      ["POST", "/v1/webhooks", { url: "https://example.com/hook" }],
      ["PATCH", `/v1/webhooks/${webhook.id}`, { enabled: false }],
      ["DELETE", `/v1/webhooks/${webhook.id}`, undefined],
      ["POST", `/v1/webhooks/${webhook.id}/test`, undefined],
      ["POST", `/v1/webhooks/${webhook.id}/rotate-secret`, undefined],
    ] as const) {
      const res = await request(path, { method, headers, json });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
  });
});

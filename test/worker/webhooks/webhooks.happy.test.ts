import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createOrg, request } from "../harness.ts";
import {
  createWebhook,
  listDeliveries,
  mockReceiver,
  RECEIVER_URL,
  receiverVerifies,
} from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const SECRET_COLUMNS = ["secretCiphertext", "previousSecretCiphertext", "wrappedKey", "keyId"];

describe("webhooks", () => {
  it("creates a webhook subscribed to every event by default and shows its secret once", async () => {
    const org = await createOrg();
    const { webhook, secret } = await createWebhook(org, { description: "billing backend" });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      url: RECEIVER_URL,
      events: ["*"],
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
      description: "billing backend",
    });
    for (const column of SECRET_COLUMNS) expect(webhook).not.toHaveProperty(column);
  });

  it("lists, reads, changes and deletes webhooks", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org, { events: ["tenant.ready"] });
    const list = await request("/v1/webhooks", { headers: org.headers });
    expect(((await list.json()) as { data: { id: string }[] }).data.map((w) => w.id)).toEqual([
      webhook.id,
    ]);

    const patched = await request(`/v1/webhooks/${webhook.id}`, {
      method: "PATCH",
      headers: org.headers,
      json: { events: ["tenant.ready", "tenant.failed"], enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      events: ["tenant.ready", "tenant.failed"],
      enabled: false,
      disabledReason: "Disabled by a request",
    });
    const enabled = await request(`/v1/webhooks/${webhook.id}`, {
      method: "PATCH",
      headers: org.headers,
      json: { enabled: true },
    });
    expect(await enabled.json()).toMatchObject({ enabled: true, disabledReason: null });

    const removed = await request(`/v1/webhooks/${webhook.id}`, {
      method: "DELETE",
      headers: org.headers,
    });
    expect(removed.status).toBe(200);
    const gone = await request(`/v1/webhooks/${webhook.id}`, { headers: org.headers });
    expect(gone.status).toBe(404);
  });

  it("sends a signed test event that an independent verifier accepts", async () => {
    const org = await createOrg();
    const { webhook, secret } = await createWebhook(org);
    const calls = mockReceiver(() => 200);
    const res = await request(`/v1/webhooks/${webhook.id}/test`, {
      method: "POST",
      headers: org.headers,
    });
    expect(res.status).toBe(200);
    const delivery = (await res.json()) as Record<string, unknown>;
    expect(delivery).toMatchObject({
      eventType: "webhook.test",
      attempt: 1,
      succeeded: true,
      statusCode: 200,
      responseExcerpt: "answer 1",
      error: null,
      latencyMs: expect.any(Number),
    });

    const [call] = calls;
    expect(call?.url).toBe(RECEIVER_URL);
    const body = JSON.parse(call?.body ?? "{}") as { id: string; type: string };
    expect(body.type).toBe("webhook.test");
    expect(body.id).toMatch(/^evt_[0-9a-z]{20}$/);
    expect(call?.headers.get("enclave-event-id")).toBe(body.id);
    expect(call?.headers.get("enclave-delivery-id")).toBe(delivery.id);
    const signature = call?.headers.get("enclave-signature") ?? null;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(await receiverVerifies(signature, call?.body ?? "", secret)).toBe(true);
    expect(await receiverVerifies(signature, `${call?.body} `, secret)).toBe(false);
    expect(await receiverVerifies(signature, call?.body ?? "", `${secret}x`)).toBe(false);
    const late = Math.floor(Date.now() / 1000) + 301;
    expect(await receiverVerifies(signature, call?.body ?? "", secret, late)).toBe(false);

    const deliveries = await listDeliveries(org, webhook.id);
    expect(deliveries.map((d) => d.id)).toEqual([delivery.id]);
  });

  it("signs with the old and the new secret during a rotation's overlap", async () => {
    const org = await createOrg();
    const { webhook, secret: old } = await createWebhook(org);
    const rotated = await request(`/v1/webhooks/${webhook.id}/rotate-secret`, {
      method: "POST",
      headers: org.headers,
    });
    expect(rotated.status).toBe(200);
    const { secret, webhook: after } = (await rotated.json()) as {
      secret: string;
      webhook: { previousSecretExpiresAt: string };
    };
    expect(secret).not.toBe(old);
    const overlap = Date.parse(after.previousSecretExpiresAt) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);

    const calls = mockReceiver(() => 204);
    await request(`/v1/webhooks/${webhook.id}/test`, { method: "POST", headers: org.headers });
    const signature = calls[0]?.headers.get("enclave-signature") ?? null;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(await receiverVerifies(signature, calls[0]?.body ?? "", old)).toBe(true);
    expect(await receiverVerifies(signature, calls[0]?.body ?? "", secret)).toBe(true);
  });

  it("stops signing with the old secret at once when the overlap is zero", async () => {
    const org = await createOrg();
    const { webhook, secret: old } = await createWebhook(org);
    const rotated = await request(`/v1/webhooks/${webhook.id}/rotate-secret`, {
      method: "POST",
      headers: org.headers,
      json: { overlapHours: 0 },
    });
    const { secret } = (await rotated.json()) as { secret: string };
    const calls = mockReceiver(() => 200);
    await request(`/v1/webhooks/${webhook.id}/test`, { method: "POST", headers: org.headers });
    const signature = calls[0]?.headers.get("enclave-signature") ?? null;
    expect(await receiverVerifies(signature, calls[0]?.body ?? "", secret)).toBe(true);
    expect(await receiverVerifies(signature, calls[0]?.body ?? "", old)).toBe(false);
  });

  it("never shows or stores the secret in clear after creation", async () => {
    const org = await createOrg();
    const { webhook, secret } = await createWebhook(org);
    mockReceiver(() => 200);
    await request(`/v1/webhooks/${webhook.id}/test`, { method: "POST", headers: org.headers });
    const rotated = await request(`/v1/webhooks/${webhook.id}/rotate-secret`, {
      method: "POST",
      headers: org.headers,
    });
    const { secret: second } = (await rotated.json()) as { secret: string };
    const bodies = await Promise.all(
      [
        `/v1/webhooks/${webhook.id}`,
        "/v1/webhooks",
        `/v1/webhooks/${webhook.id}/deliveries`,
        "/v1/audit",
      ].map(async (path) => (await request(path, { headers: org.headers })).text()),
    );
    const stored = await Promise.all(
      ["webhooks", "webhook_events", "webhook_deliveries", "audit_log"].map(async (table) =>
        JSON.stringify((await env.DB.prepare(`SELECT * FROM ${table}`).all()).results),
      ),
    );
    for (const text of [...bodies, ...stored]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(second);
      expect(text).not.toContain("whsec_");
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { bearer, createOrg, problem, request, signUserJwt, type TestOrg } from "../harness.ts";
import { createWebhook, mockReceiver } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Live mode accepts only enc_live_ keys; a user token works in both modes. */
/** A member's token: the credential live mode takes from a developer (keys are `enc_test_`). */
const liveHeaders = async (org: TestOrg) => {
  const subject = `user-${crypto.randomUUID()}`;
  const added = await request("/v1/organization/members", {
    method: "POST",
    headers: org.headers,
    json: { subject, role: "developer" },
  });
  if (added.status !== 201) throw new Error(`POST /v1/organization/members: ${added.status}`);
  return bearer(await signUserJwt({ orgId: org.orgId, subject }));
};

describe("webhook errors", () => {
  it.each([
    ["a URL that is not one", { url: "not a url" }],
    ["a URL of another scheme", { url: "ftp://example.com/hook" }],
    ["a URL with credentials", { url: "https://user:pass@example.com/hook" }],
    ["an unknown event type", { url: "https://example.com/hook", events: ["tenant.exploded"] }],
    ["no event type", { url: "https://example.com/hook", events: [] }],
    ["an unknown field", { url: "https://example.com/hook", secret: "whsec_mine" }],
  ])("refuses %s with 400", async (_label, json) => {
    const org = await createOrg();
    const res = await request("/v1/webhooks", { method: "POST", headers: org.headers, json });
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe("validation_failed");
  });

  it("answers 404 for a webhook that does not exist", async () => {
    const org = await createOrg();
    const missing = "whk_0000000000000000000a";
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${missing}`],
      ["DELETE", `/v1/webhooks/${missing}`],
      ["POST", `/v1/webhooks/${missing}/test`],
      ["GET", `/v1/webhooks/${missing}/deliveries`],
      ["POST", `/v1/webhooks/${missing}/rotate-secret`],
    ] as const) {
      const res = await request(path, { method, headers: org.headers });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it("answers 404 to a redelivery of a delivery the webhook does not have", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    const res = await request(
      `/v1/webhooks/${webhook.id}/deliveries/whd_0000000000000000000a/redeliver`,
      { method: "POST", headers: org.headers },
    );
    expect(res.status).toBe(404);
  });

  it("refuses to redeliver to a disabled webhook with 409", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    mockReceiver(() => 500);
    const tested = await request(`/v1/webhooks/${webhook.id}/test`, {
      method: "POST",
      headers: org.headers,
    });
    const delivery = (await tested.json()) as { id: string; succeeded: boolean; error: string };
    expect(delivery).toMatchObject({ succeeded: false, error: "The receiver answered 500" });
    await request(`/v1/webhooks/${webhook.id}`, {
      method: "PATCH",
      headers: org.headers,
      json: { enabled: false },
    });
    const res = await request(`/v1/webhooks/${webhook.id}/deliveries/${delivery.id}/redeliver`, {
      method: "POST",
      headers: org.headers,
    });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("invalid_state");
  });

  it("records a receiver that cannot be reached as a failed attempt with the reason", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    mockReceiver(() => new TypeError("connection refused"));
    const res = await request(`/v1/webhooks/${webhook.id}/test`, {
      method: "POST",
      headers: org.headers,
    });
    expect(await res.json()).toMatchObject({
      succeeded: false,
      statusCode: null,
      error: "Could not connect: connection refused",
    });
  });

  it("does not follow a redirect: the 3xx is the answer", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    const calls = mockReceiver(() => 302);
    const res = await request(`/v1/webhooks/${webhook.id}/test`, {
      method: "POST",
      headers: org.headers,
    });
    expect(await res.json()).toMatchObject({ succeeded: false, statusCode: 302 });
    expect(calls).toHaveLength(1);
  });

  it("refuses in live mode a URL that is not https or is an internal address", async () => {
    const org = await createOrg();
    for (const url of ["http://hooks.example.com/in", "https://127.0.0.1/in"]) {
      const res = await request("/v1/webhooks", {
        method: "POST",
        headers: await liveHeaders(org),
        json: { url },
        env: { ENCLAVE_MODE: "live" },
      });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect((await problem(res)).errors?.[0]?.path).toBe("url");
    }
  });

  it("checks the target again before delivering, and records the refusal", async () => {
    const org = await createOrg();
    const { webhook } = await createWebhook(org);
    const calls = mockReceiver(() => 200);
    const res = await request(`/v1/webhooks/${webhook.id}/test`, {
      method: "POST",
      headers: await liveHeaders(org),
      env: { ENCLAVE_MODE: "live" },
    });
    expect(await res.json()).toMatchObject({
      succeeded: false,
      statusCode: null,
      error: "The URL must be an https URL",
    });
    expect(calls).toEqual([]);
  });
});

import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bearer, createOrg, OPERATOR_TOKEN, request } from "../harness.ts";
import { createWebhook, mockReceiver, receiverVerifies } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const NEW_KEY = { k2: "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=" };
const rotated = {
  ENCRYPTION_KEYS: JSON.stringify({ ...JSON.parse(env.ENCRYPTION_KEYS), ...NEW_KEY }),
  ENCRYPTION_KEY_ID: "k2",
};
const onlyNew = { ENCRYPTION_KEYS: JSON.stringify(NEW_KEY), ENCRYPTION_KEY_ID: "k2" };

describe("a KEK rotation", () => {
  it("re-wraps webhook keys, so their secrets still sign once the old KEK is gone", async () => {
    const org = await createOrg();
    const { webhook, secret } = await createWebhook(org);
    let remaining = -1;
    for (let call = 0; call < 5 && remaining !== 0; call++) {
      const res = await request("/v1/admin/encryption/rewrap?limit=1", {
        method: "POST",
        headers: bearer(OPERATOR_TOKEN),
        env: rotated,
      });
      expect(res.status).toBe(200);
      remaining = ((await res.json()) as { remaining: number }).remaining;
    }
    expect(remaining).toBe(0);

    const calls = mockReceiver(() => 200);
    const tested = await request(`/v1/webhooks/${webhook.id}/test`, {
      method: "POST",
      headers: org.headers,
      env: onlyNew,
    });
    expect(await tested.json()).toMatchObject({ succeeded: true });
    const [call] = calls;
    expect(
      await receiverVerifies(
        call?.headers.get("enclave-signature") ?? null,
        call?.body ?? "",
        secret,
      ),
    ).toBe(true);
  });
});

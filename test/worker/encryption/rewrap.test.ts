import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decryptJson } from "../../../worker/crypto/index.ts";
import { bearer, createOrg, OPERATOR_TOKEN, request, tenantBody } from "../harness.ts";

const NEW_KEY = { k2: "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=" };
/** The keyring after rotation: the old key still readable, the new one active. */
const rotated = {
  ENCRYPTION_KEYS: JSON.stringify({ ...JSON.parse(env.ENCRYPTION_KEYS), ...NEW_KEY }),
  ENCRYPTION_KEY_ID: "k2",
};

const storedEnv = async () =>
  (
    await env.DB.prepare(
      "SELECT env_ciphertext FROM services WHERE env_ciphertext IS NOT NULL",
    ).all<{
      env_ciphertext: string;
    }>()
  ).results.map((row) => row.env_ciphertext);

const rewrap = (limit: number) =>
  request(`/v1/admin/encryption/rewrap?limit=${limit}`, {
    method: "POST",
    headers: bearer(OPERATOR_TOKEN),
    env: rotated,
  });

describe("POST /v1/admin/encryption/rewrap", () => {
  it("moves every secret to the active key in steps, values intact", async () => {
    const org = await createOrg();
    for (let i = 0; i < 3; i++) {
      const res = await request("/v1/tenants", {
        method: "POST",
        headers: org.headers,
        json: tenantBody(),
      });
      expect(res.status).toBe(202);
    }
    expect((await storedEnv()).every((c) => c.startsWith("v1.k1."))).toBe(true);

    const first = await rewrap(2);
    expect(first.status).toBe(200);
    const progress = (await first.json()) as {
      rewrapped: number;
      remaining: number;
      activeKeyId: string;
    };
    expect(progress).toMatchObject({ activeKeyId: "k2", rewrapped: 2 });
    expect(progress.remaining).toBeGreaterThan(0);

    let remaining = progress.remaining;
    while (remaining > 0)
      remaining = ((await (await rewrap(500)).json()) as { remaining: number }).remaining;

    const stored = await storedEnv();
    expect(stored.every((c) => c.startsWith("v1.k2."))).toBe(true);
    for (const ciphertext of stored) {
      expect(await decryptJson({ ...env, ...rotated }, ciphertext)).toMatchObject({
        LOG_LEVEL: "info",
      });
    }
    const done = (await (await rewrap(10)).json()) as { rewrapped: number; remaining: number };
    expect(done).toEqual({ activeKeyId: "k2", rewrapped: 0, remaining: 0 });
  });
});

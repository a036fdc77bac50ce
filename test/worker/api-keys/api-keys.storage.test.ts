import { describe, expect, it } from "vitest";
import { createOrg, request, workerEnv } from "../harness.ts";
import type { ApiKey } from "../types.ts";

const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");

describe("API keys at rest", () => {
  it("stores only the secret's SHA-256: no column of any key row holds the key or its secret", async () => {
    const org = await createOrg();
    const created = (await (
      await request("/v1/api-keys", {
        method: "POST",
        headers: org.headers,
        json: { name: "at rest", scopes: ["read"] },
      })
    ).json()) as { apiKey: ApiKey; key: string };
    const keys = [org.key, created.key];

    const { results } = await workerEnv.DB.prepare("SELECT * FROM api_keys").all();
    const rows = results as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const stored = JSON.stringify(rows);
    for (const key of keys) {
      const secret = key.split("_")[3] as string;
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(secret);
      const prefix = key.split("_")[2];
      const row = rows.find((r) => r.prefix === prefix);
      expect(row?.secret_hash).toBe(await sha256Hex(secret));
    }
  });
});

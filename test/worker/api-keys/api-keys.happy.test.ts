import { describe, expect, it } from "vitest";
import { bearer, createOrg, request } from "../harness.ts";
import type { ApiKey, AuditEntry, Page } from "../types.ts";

describe("API keys", () => {
  it("creates a key shown once, lists it by prefix only, and revokes it", async () => {
    const org = await createOrg();
    const res = await request("/v1/api-keys", {
      method: "POST",
      headers: org.headers,
      json: { name: "billing webhook", scopes: ["write"] },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { apiKey: ApiKey; key: string };
    expect(created.key).toMatch(/^enc_test_[0-9a-z]{12}_[0-9a-z]{32}$/);
    expect(created.key.split("_")[2]).toBe(created.apiKey.prefix);
    expect(created.apiKey).toMatchObject({
      name: "billing webhook",
      scopes: ["write"],
      revokedAt: null,
    });

    const list = await request("/v1/api-keys", { headers: org.headers });
    const listText = await list.text();
    expect(listText).not.toContain(created.key);
    expect(listText).not.toContain(created.key.split("_")[3]);
    const page = JSON.parse(listText) as Page<ApiKey>;
    expect(page.data.map((k) => k.id)).toEqual([created.apiKey.id, org.keyId]);
    expect(Object.keys(page.data[0] ?? {})).not.toContain("secretHash");

    const revoked = await request(`/v1/api-keys/${created.apiKey.id}`, {
      method: "DELETE",
      headers: org.headers,
    });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as ApiKey).revokedAt).toBeTruthy();
    expect((await request("/v1/tenants", { headers: bearer(created.key) })).status).toBe(401);

    const audit = (await (
      await request("/v1/audit", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data.slice(0, 2).map((e) => e.action)).toEqual([
      "api_key.revoke",
      "api_key.create",
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it("records when a key was last used", async () => {
    const org = await createOrg();
    await request("/v1/tenants", { headers: org.headers });
    const page = (await (
      await request("/v1/api-keys", { headers: org.headers })
    ).json()) as Page<ApiKey>;
    expect(page.data.find((k) => k.id === org.keyId)?.lastUsedAt).toBeTruthy();
  });
});

import { describe, expect, it } from "vitest";
import { bearer, createOrg, request } from "../harness.ts";
import type { ApiKey, Page } from "../types.ts";

describe("API key security", () => {
  it("cannot see or revoke another organization's key", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const revoke = await request(`/v1/api-keys/${a.keyId}`, {
      method: "DELETE",
      headers: b.headers,
    });
    expect(revoke.status).toBe(404);
    expect((await request("/v1/tenants", { headers: a.headers })).status).toBe(200);
    const page = (await (
      await request("/v1/api-keys", { headers: b.headers })
    ).json()) as Page<ApiKey>;
    expect(page.data.map((k) => k.id)).not.toContain(a.keyId);
  });

  it("refuses a test key when the Worker runs in live mode", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants", {
      headers: bearer(org.key),
      env: { ENCLAVE_MODE: "live" },
    });
    expect(res.status).toBe(401);
  });
});

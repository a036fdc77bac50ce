import { describe, expect, it } from "vitest";
import { bearer, OPERATOR_TOKEN, request } from "../harness.ts";

describe("operator organization management", () => {
  it("creates an organization with a working admin key shown once, and lists it", async () => {
    const res = await request("/v1/admin/organizations", {
      method: "POST",
      headers: bearer(OPERATOR_TOKEN),
      json: { name: "Acme Inc" },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as {
      organization: { id: string; name: string };
      apiKey: { id: string; key: string; scopes: string[] };
    };
    expect(created.organization.id).toMatch(/^org_[0-9a-z]{20}$/);
    expect(created.organization.name).toBe("Acme Inc");
    expect(created.apiKey.scopes).toEqual(["read", "write", "admin"]);
    expect((await request("/v1/api-keys", { headers: bearer(created.apiKey.key) })).status).toBe(
      200,
    );

    const list = await request("/v1/admin/organizations?limit=100", {
      headers: bearer(OPERATOR_TOKEN),
    });
    const page = (await list.json()) as { data: { id: string }[] };
    expect(page.data.map((o) => o.id)).toContain(created.organization.id);
    expect(JSON.stringify(page)).not.toContain(created.apiKey.key);
  });
});

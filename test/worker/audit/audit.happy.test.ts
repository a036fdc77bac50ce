import { describe, expect, it } from "vitest";
import { createOrg, request, tenantBody } from "../harness.ts";
import type { AuditEntry, Page, TenantOperation } from "../types.ts";

describe("GET /v1/audit", () => {
  it("lists every mutation of the organization, newest first, with the request id", async () => {
    const org = await createOrg();
    const { tenant } = (await (
      await request("/v1/tenants", { method: "POST", headers: org.headers, json: tenantBody() })
    ).json()) as TenantOperation;
    await request(`/v1/tenants/${tenant.id}`, {
      method: "PATCH",
      headers: org.headers,
      json: { labels: { a: "b" } },
    });
    const del = await request(`/v1/tenants/${tenant.id}`, {
      method: "DELETE",
      headers: org.headers,
    });
    const page = (await (
      await request("/v1/audit?limit=3", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(page.data.map((e) => e.action)).toEqual([
      "tenant.delete",
      "tenant.update",
      "tenant.create",
    ]);
    expect(page.data[0]?.requestId).toBe(del.headers.get("x-request-id"));
    expect(page.data.every((e) => e.actor === `key:${org.keyId}`)).toBe(true);
    expect(page.nextCursor).toBeTruthy();
    const rest = (await (
      await request(`/v1/audit?cursor=${page.nextCursor}`, { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(rest.data.map((e) => e.action)).toEqual(["organization.create"]);
  });
});

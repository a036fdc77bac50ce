import { describe, expect, it } from "vitest";
import { createOrg, request, tenantBody } from "../harness.ts";
import type { AuditEntry, Page } from "../types.ts";

describe("audit log security", () => {
  it("shows only the caller's organization", async () => {
    const a = await createOrg();
    const b = await createOrg();
    await request("/v1/tenants", { method: "POST", headers: a.headers, json: tenantBody() });
    const page = (await (
      await request("/v1/audit", { headers: b.headers })
    ).json()) as Page<AuditEntry>;
    expect(page.data.map((e) => e.action)).toEqual(["organization.create"]);
  });
});

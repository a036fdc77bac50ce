import { describe, expect, it } from "vitest";
import { bearer, createOrg, OPERATOR_TOKEN, request, signUserJwt } from "../harness.ts";

describe("operator templates security", () => {
  it("refuses missing and provider credentials on every template route", async () => {
    const org = await createOrg();
    const jwt = await signUserJwt({ orgId: org.orgId, scope: "admin" });
    const content = "FROM node:22\nUSER 1000\n";
    for (const headers of [{}, org.headers, bearer(jwt), bearer(`${OPERATOR_TOKEN}x`)]) {
      expect((await request("/v1/admin/templates", { headers })).status).toBe(401);
      expect((await request("/v1/admin/templates/python", { headers })).status).toBe(401);
      const put = await request("/v1/admin/templates/python", {
        method: "PUT",
        headers,
        json: { content },
      });
      expect(put.status).toBe(401);
      const del = await request("/v1/admin/templates/python", { method: "DELETE", headers });
      expect(del.status).toBe(401);
      const preview = await request("/v1/admin/templates/python/preview", {
        method: "POST",
        headers,
        json: { detection: {} },
      });
      expect(preview.status).toBe(401);
    }
    const current = await request("/v1/admin/templates/python", {
      headers: bearer(OPERATOR_TOKEN),
    });
    expect(((await current.json()) as { source: string }).source).toBe("builtin");
  });
});

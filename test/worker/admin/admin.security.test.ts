import { describe, expect, it } from "vitest";
import { bearer, createOrg, OPERATOR_TOKEN, request, signUserJwt } from "../harness.ts";

describe("operator endpoint security", () => {
  it("refuses missing, wrong and provider credentials", async () => {
    const org = await createOrg();
    const jwt = await signUserJwt({ orgId: org.orgId, scope: "admin" });
    for (const headers of [
      {},
      bearer(`${OPERATOR_TOKEN}x`),
      bearer(OPERATOR_TOKEN.slice(0, -1)),
      org.headers,
      bearer(jwt),
      { authorization: OPERATOR_TOKEN },
    ]) {
      const post = await request("/v1/admin/organizations", {
        method: "POST",
        headers,
        json: { name: "Intruder" },
      });
      expect(post.status).toBe(401);
      expect((await request("/v1/admin/organizations", { headers })).status).toBe(401);
    }
  });

  it("refuses everything when no operator token is configured", async () => {
    const res = await request("/v1/admin/organizations", {
      headers: bearer(OPERATOR_TOKEN),
      env: { OPERATOR_TOKEN: "" },
    });
    expect(res.status).toBe(401);
  });
});

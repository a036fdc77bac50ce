import { describe, expect, it } from "vitest";
import { createOrg, problem, request } from "../harness.ts";

describe("deployments errors", () => {
  it("answers 404 problem+json for an unknown deployment and tenant", async () => {
    const org = await createOrg();
    for (const path of [
      "/v1/deployments/dep_00000000000000000000",
      "/v1/tenants/ten_00000000000000000000/deployments",
    ]) {
      const res = await request(path, { headers: org.headers });
      expect(res.status).toBe(404);
      expect((await problem(res)).code).toBe("not_found");
    }
  });

  it("rejects an invalid limit", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants/ten_00000000000000000000/deployments?limit=abc", {
      headers: org.headers,
    });
    expect(res.status).toBe(400);
  });
});

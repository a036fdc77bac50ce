import { describe, expect, it } from "vitest";
import { createOrg, problem, request } from "../harness.ts";

describe("API key errors", () => {
  it.each([
    [{ name: "x", scopes: ["root"] }, "scopes.0"],
    [{ name: "x", scopes: [] }, "scopes"],
    [{ name: "", scopes: ["read"] }, "name"],
    [{ name: "x", scopes: ["read"], organizationId: "org_x" }, "(root)"],
  ])("rejects %j", async (json, path) => {
    const org = await createOrg();
    const res = await request("/v1/api-keys", { method: "POST", headers: org.headers, json });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.map((e) => e.path)).toContain(path);
  });

  it("answers 404 when revoking an unknown key", async () => {
    const org = await createOrg();
    const res = await request("/v1/api-keys/key_00000000000000000000", {
      method: "DELETE",
      headers: org.headers,
    });
    expect(res.status).toBe(404);
  });
});

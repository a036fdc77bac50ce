import { describe, expect, it } from "vitest";
import { createOrg, problem, request } from "../harness.ts";

describe("usage errors", () => {
  it.each([
    ["from after to", "from=2026-03-02&to=2026-03-01", "from"],
    ["a range over 366 days", "from=2025-01-01&to=2026-03-01", "from"],
    ["a date that is not one", "from=2026-02-30", "from"],
    ["an unknown format", "format=xml", "format"],
  ])("refuses %s", async (_name, query, path) => {
    const org = await createOrg();
    const res = await request(`/v1/usage?${query}`, { headers: org.headers });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.path).toBe(path);
  });

  it("answers 404 for a tenant that does not exist", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants/ten_00000000000000000000/usage", {
      headers: org.headers,
    });
    expect(res.status).toBe(404);
  });
});

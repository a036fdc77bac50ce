import { describe, expect, it } from "vitest";
import { createOrg, request } from "../harness.ts";
import { KNOWN_RANGE, seedKnownHistory } from "./support.ts";

describe("usage security", () => {
  it("another organization's tenant is a 404 and its usage never counts", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const { tenantId } = await seedKnownHistory(owner.orgId);
    const res = await request(`/v1/tenants/${tenantId}/usage?${KNOWN_RANGE}`, {
      headers: stranger.headers,
    });
    expect(res.status).toBe(404);
    const theirs = (await (
      await request(`/v1/usage?${KNOWN_RANGE}`, { headers: stranger.headers })
    ).json()) as { totals: Record<string, number> };
    expect(Object.values(theirs.totals).every((n) => n === 0)).toBe(true);
  });

  it("a read key may read usage", async () => {
    const org = await createOrg(["read"]);
    expect((await request("/v1/usage", { headers: org.headers })).status).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { createOrg, request } from "../harness.ts";
import { addMember, subjectOf, userHeaders } from "./support.ts";

const DEFAULTS = { defaultTenantPlan: "pro", webhookDefaults: { events: ["tenant.ready"] } };

describe("organization defaults security", () => {
  it("a read key sees the defaults but cannot change them", async () => {
    const org = await createOrg(["read"]);
    const shown = await request("/v1/organization", { headers: org.headers });
    expect(await shown.json()).toMatchObject({ defaultTenantPlan: null, webhookDefaults: {} });
    const res = await request("/v1/organization", {
      method: "PATCH",
      headers: org.headers,
      json: DEFAULTS,
    });
    expect(res.status).toBe(403);
  });

  it("only an admin member changes them: a developer member is refused", async () => {
    const org = await createOrg();
    const developer = subjectOf("dev");
    const admin = subjectOf("boss");
    await addMember(org, developer, "developer");
    await addMember(org, admin, "admin");
    const refused = await request("/v1/organization", {
      method: "PATCH",
      headers: await userHeaders(developer),
      json: DEFAULTS,
    });
    expect(refused.status).toBe(403);
    const allowed = await request("/v1/organization", {
      method: "PATCH",
      headers: await userHeaders(admin),
      json: DEFAULTS,
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject(DEFAULTS);
  });
});

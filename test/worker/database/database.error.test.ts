import { describe, expect, it } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import { databasePath, settle } from "./support.ts";

describe("tenant database: errors", () => {
  it("answers 404 for a tenant without a database, reads and rotations alike", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org, { database: null });
    const get = await request(databasePath(tenant.id), { headers: org.headers });
    expect((await problem(get)).code).toBe("not_found");
    const rotate = await request(databasePath(tenant.id, "/rotate-password"), {
      method: "POST",
      headers: org.headers,
    });
    expect(rotate.status).toBe(404);
  });

  it("refuses a second database (409) and a version the platform does not offer (400)", async () => {
    const org = await createOrg();
    const withOne = await createTenant(org);
    const second = await request(databasePath(withOne.tenant.id), {
      method: "POST",
      headers: org.headers,
      json: { engine: "mysql" },
    });
    expect(second.status).toBe(409);
    expect((await problem(second)).code).toBe("invalid_state");

    const without = await createTenant(org, { database: null });
    const unknown = await request(databasePath(without.tenant.id), {
      method: "POST",
      headers: org.headers,
      json: { engine: "postgres", version: "9" },
    });
    expect(unknown.status).toBe(400);
    expect((await problem(unknown)).errors?.[0]?.path).toBe("version");
  });

  it("keeps DATABASE_DIRECT_URL for the platform: a service cannot set it", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await settle(deployment.id);
    const res = await request(`/v1/tenants/${tenant.id}/env`, {
      method: "PATCH",
      headers: org.headers,
      json: { DATABASE_DIRECT_URL: "postgres://elsewhere" },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await problem(res))).toContain("DATABASE_DIRECT_URL");
  });

  it("refuses a rotation while another deployment of the tenant is in progress", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const res = await request(databasePath(tenant.id, "/rotate-password"), {
      method: "POST",
      headers: org.headers,
    });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("invalid_state");
  });
});

import { describe, expect, it } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import { databasePath, keyWith, settle } from "./support.ts";

describe("tenant database: access", () => {
  it("answers 404 to another organization, reads, reveals and writes alike", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const { tenant, deployment } = await createTenant(owner);
    await settle(deployment.id);
    const calls = [
      request(databasePath(tenant.id), { headers: stranger.headers }),
      request(databasePath(tenant.id, "?reveal=true"), { headers: stranger.headers }),
      request(databasePath(tenant.id), {
        method: "POST",
        headers: stranger.headers,
        json: { engine: "postgres" },
      }),
      request(databasePath(tenant.id, "/rotate-password"), {
        method: "POST",
        headers: stranger.headers,
      }),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(404);
  });

  it("refuses a read key the writes and reveal, and a write key the reveal (403)", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await settle(deployment.id);
    const readKey = await keyWith(org, ["read"]);
    const writeKey = await keyWith(org, ["read", "write"]);
    expect((await request(databasePath(tenant.id), { headers: readKey })).status).toBe(200);
    const rotate = await request(databasePath(tenant.id, "/rotate-password"), {
      method: "POST",
      headers: readKey,
    });
    expect((await problem(rotate)).code).toBe("forbidden");
    for (const headers of [readKey, writeKey]) {
      const reveal = await request(databasePath(tenant.id, "?reveal=true"), { headers });
      expect(reveal.status).toBe(403);
      expect(await reveal.text()).not.toMatch(/[0-9a-f]{48}/);
    }
  });
});

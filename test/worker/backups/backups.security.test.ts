import { describe, expect, it } from "vitest";
import { createOrg, request } from "../harness.ts";
import { activeTenant, backupsPath, completedBackup } from "./support.ts";

describe("database backups: access", () => {
  it("answers 404 to another organization on every route", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const tenant = await activeTenant(owner);
    const { op } = await completedBackup(owner, tenant.id);
    const one = backupsPath(tenant.id, `/${op.backup.id}`);
    const calls = [
      ["GET", backupsPath(tenant.id)],
      ["POST", backupsPath(tenant.id)],
      ["GET", one],
      ["POST", `${one}/restore`],
      ["DELETE", one],
      ["GET", `/v1/tenants/${tenant.id}/erasure`],
    ] as const;
    for (const [method, path] of calls) {
      const res = await request(path, { method, headers: stranger.headers });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
  });

  it("lets a read key list and read, and refuses it every write (403)", async () => {
    const owner = await createOrg();
    const tenant = await activeTenant(owner);
    const { op } = await completedBackup(owner, tenant.id);
    const readKey = await request("/v1/api-keys", {
      method: "POST",
      headers: owner.headers,
      json: { name: "reader", scopes: ["read"] },
    });
    const { key } = (await readKey.json()) as { key: string };
    const headers = { authorization: `Bearer ${key}` };
    const one = backupsPath(tenant.id, `/${op.backup.id}`);
    expect((await request(backupsPath(tenant.id), { headers })).status).toBe(200);
    expect((await request(one, { headers })).status).toBe(200);
    for (const [method, path] of [
      ["POST", backupsPath(tenant.id)],
      ["POST", `${one}/restore`],
      ["DELETE", one],
    ] as const) {
      expect((await request(path, { method, headers })).status).toBe(403);
    }
  });
});

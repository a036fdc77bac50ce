import { describe, expect, it } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import { activeTenant, backupsPath, completedBackup, startBackup } from "./support.ts";

describe("database backups: errors", () => {
  it("refuses a tenant without a database, or not yet active (409)", async () => {
    const org = await createOrg();
    const withoutDb = await activeTenantWithoutDatabase(org);
    const res = await request(backupsPath(withoutDb), { method: "POST", headers: org.headers });
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toMatch(/no database/);
    const provisioning = await createTenant(org);
    const early = await request(backupsPath(provisioning.tenant.id), {
      method: "POST",
      headers: org.headers,
    });
    expect(early.status).toBe(409);
  });

  it("refuses a second backup while one is running, and restoring or deleting an unfinished one", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const op = await startBackup(org, tenant.id);
    const second = await request(backupsPath(tenant.id), { method: "POST", headers: org.headers });
    expect(second.status).toBe(409);
    const restore = await request(backupsPath(tenant.id, `/${op.backup.id}/restore`), {
      method: "POST",
      headers: org.headers,
    });
    expect(restore.status).toBe(409);
    expect((await problem(restore)).detail).toMatch(/pending/);
    const remove = await request(backupsPath(tenant.id, `/${op.backup.id}`), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(remove.status).toBe(409);
  });

  it("validates the restore target's name and answers 404 for an unknown backup", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const { op } = await completedBackup(org, tenant.id);
    const bad = await request(backupsPath(tenant.id, `/${op.backup.id}/restore`), {
      method: "POST",
      headers: org.headers,
      json: { into: "Robert'); DROP TABLE" },
    });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors?.[0]?.path).toBe("into");
    const missing = await request(backupsPath(tenant.id, "/bkp_zzzzzzzzzzzzzzzzzzzz"), {
      headers: org.headers,
    });
    expect(missing.status).toBe(404);
  });
});

async function activeTenantWithoutDatabase(org: Awaited<ReturnType<typeof createOrg>>) {
  const { settledTenant } = await import("../redeploy/support.ts");
  return (await settledTenant(org, "ready", { database: null })).id;
}

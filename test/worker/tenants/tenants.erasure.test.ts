import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { activeTenant, completedBackup } from "../backups/support.ts";
import {
  bearer,
  createOrg,
  OPERATOR_TOKEN,
  problem,
  request,
  type TestOrg,
  tenantBody,
} from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { readTenant } from "../support/seed.ts";
import type { TenantOperation } from "../types.ts";

interface Receipt {
  tenantId: string;
  deletedAt: string;
  completedAt: string;
  items: { item: string; count: number; erasedAt: string }[];
  slugReservedUntil: string;
}

const CLUSTER_REPORT = {
  namespace: 1,
  volumes: 1,
  certificates: 1,
  buildObjects: 3,
  images: 4,
};

/** Deletes the tenant and reports its deprovision done as the runner does. */
async function deleteAndErase(org: TestOrg, tenantId: string) {
  const res = await request(`/v1/tenants/${tenantId}`, { method: "DELETE", headers: org.headers });
  expect(res.status).toBe(202);
  const { deployment } = (await res.json()) as TenantOperation;
  await reportEvents(deployment.id, [
    progressEvent(deployment.id, {
      seq: 0,
      stage: null,
      type: "deployment.deleted",
      data: CLUSTER_REPORT,
    }),
  ]);
}

const receipt = (org: TestOrg, tenantId: string) =>
  request(`/v1/tenants/${tenantId}/erasure`, { headers: org.headers });

describe("tenant erasure", () => {
  it("destroys backups, env values, credentials, the database password and the data key, keeps a tombstone and gives a receipt", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    const { op } = await completedBackup(org, tenant.id);
    const credential = await request(`/v1/tenants/${tenant.id}/credentials`, {
      method: "POST",
      headers: org.headers,
      json: { kind: "git", name: "deploy", token: "erasure-token" },
    });
    expect(credential.status).toBe(201);
    expect((await readTenant(tenant.id)).database_password_ciphertext).toEqual(expect.any(String));
    const objectKey = `${org.orgId}/${tenant.id}/${op.backup.id}.sql.enc`;
    expect(await env.BACKUPS.head(objectKey)).not.toBeNull();
    expect((await receipt(org, tenant.id)).status).toBe(409);

    await deleteAndErase(org, tenant.id);

    expect(await env.BACKUPS.head(objectKey)).toBeNull();
    const tombstone = await readTenant(tenant.id);
    expect(tombstone).toMatchObject({
      status: "deleted",
      env_ciphertext: null,
      database_password_ciphertext: null,
      slug: tenant.slug,
    });
    const leftovers = await env.DB.batch([
      env.DB.prepare("SELECT * FROM tenant_keys WHERE tenant_id = ?").bind(tenant.id),
      env.DB.prepare("SELECT * FROM backups WHERE tenant_id = ?").bind(tenant.id),
      env.DB.prepare(
        "SELECT * FROM services WHERE tenant_id = ? AND env_ciphertext IS NOT NULL",
      ).bind(tenant.id),
      env.DB.prepare("SELECT * FROM credentials WHERE tenant_id = ?").bind(tenant.id),
    ]);
    expect(leftovers.map((r) => r.results.length)).toEqual([0, 0, 0, 0]);
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE target_id = ?")
      .bind(tenant.id)
      .first<{ n: number }>();
    expect(audit?.n).toBeGreaterThan(0);

    const res = await receipt(org, tenant.id);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Receipt;
    const counts = Object.fromEntries(body.items.map((i) => [i.item, i.count]));
    expect(counts).toEqual({
      ...CLUSTER_REPORT,
      backups: 1,
      envValues: 1,
      credentials: 1,
      databasePassword: 1,
      dataKey: 1,
    });
    for (const item of body.items) expect(Date.parse(item.erasedAt)).not.toBeNaN();
    const days = (Date.parse(body.slugReservedUntil) - Date.parse(body.deletedAt)) / 86_400_000;
    expect(days).toBe(30);
  });

  it("keeps the slug reserved for the quarantine (409 naming when, dry run too), then issues a new id", async () => {
    const org = await createOrg();
    const tenant = await activeTenant(org);
    await deleteAndErase(org, tenant.id);
    const { slugReservedUntil } = (await (await receipt(org, tenant.id)).json()) as Receipt;

    const body = tenantBody({ slug: tenant.slug });
    for (const path of ["/v1/tenants", "/v1/tenants?dryRun=true"]) {
      const res = await request(path, { method: "POST", headers: org.headers, json: body });
      expect(res.status).toBe(409);
      const p = await problem(res);
      expect(p.code).toBe("slug_taken");
      expect(p.detail).toContain(slugReservedUntil);
    }

    const operator = bearer(OPERATOR_TOKEN);
    await request("/v1/admin/config/erasure", {
      method: "PUT",
      headers: operator,
      json: { value: { slugQuarantineDays: 0 } },
    });
    try {
      const res = await request("/v1/tenants", {
        method: "POST",
        headers: org.headers,
        json: body,
      });
      expect(res.status).toBe(202);
      const created = (await res.json()) as TenantOperation;
      expect(created.tenant.id).not.toBe(tenant.id);
      // The tombstone keeps its id: no row can take it again.
      await expect(
        env.DB.prepare("UPDATE tenants SET id = ? WHERE id = ?")
          .bind(tenant.id, created.tenant.id)
          .run(),
      ).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
    } finally {
      await request("/v1/admin/config/erasure", { method: "DELETE", headers: operator });
    }
  });
});

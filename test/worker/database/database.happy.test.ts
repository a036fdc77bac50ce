import { describe, expect, it } from "vitest";
import { createOrg, createTenant, request } from "../harness.ts";
import { type DatabaseBody, databasePath, settle, specDatabase } from "./support.ts";

const read = async (headers: Record<string, string>, tenantId: string, query = "") => {
  const res = await request(databasePath(tenantId, query), { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as DatabaseBody;
};

describe("tenant database", () => {
  it("shows the database without credentials, and reveals them to an admin, audited", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    const shown = await read(org.headers, tenant.id);
    expect(shown).toMatchObject({
      engine: "postgres",
      version: "16",
      status: "provisioning",
      port: 5432,
      database: "app",
      pooling: false,
      credentials: null,
    });
    expect(shown.host).toMatch(/^database\.enclave-ten-[0-9a-z]{20}\.svc\.cluster\.local$/);
    const handed = (await specDatabase(deployment.id))?.password;
    await settle(deployment.id);
    expect((await read(org.headers, tenant.id)).status).toBe("ready");

    const revealed = await read(org.headers, tenant.id, "?reveal=true");
    const password = revealed.credentials?.password ?? "";
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(revealed.credentials?.url).toBe(`postgres://app:${password}@${shown.host}:5432/app`);
    expect(handed).toBe(password);
    const audit = await request("/v1/audit?limit=10", { headers: org.headers });
    const auditText = await audit.text();
    expect(auditText).toContain("database.reveal");
    expect(auditText).not.toContain(password);
  });

  it("puts PgBouncer in front when the request or the plan asks for it", async () => {
    const org = await createOrg();
    const asked = await createTenant(org, { database: { engine: "postgres", pooling: true } });
    const pooled = await read(org.headers, asked.tenant.id, "?reveal=true");
    expect(pooled).toMatchObject({ pooling: true, port: 6432 });
    expect(pooled.host).toMatch(/^pgbouncer\./);
    expect(pooled.credentials?.directUrl).toMatch(/@database\..*:5432\/app$/);
    expect(await specDatabase(asked.deployment.id)).toMatchObject({ pooling: true });

    const business = await createTenant(org, { plan: "business" });
    expect((await read(org.headers, business.tenant.id)).pooling).toBe(true);
    const mysql = await createTenant(org, {
      plan: "business",
      database: { engine: "mysql", pooling: true },
    });
    expect((await read(org.headers, mysql.tenant.id)).pooling).toBe(false);
  });

  it("adds a database to a tenant without one through a deployment", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org, { database: null });
    await settle(deployment.id);
    expect((await request(databasePath(tenant.id), { headers: org.headers })).status).toBe(404);

    const res = await request(databasePath(tenant.id), {
      method: "POST",
      headers: org.headers,
      json: { engine: "postgres" },
    });
    expect(res.status).toBe(202);
    const added = (await res.json()) as { deployment: { id: string; trigger: string } };
    expect(added.deployment.trigger).toBe("database_add");
    expect(await read(org.headers, tenant.id)).toMatchObject({
      engine: "postgres",
      version: "17",
      status: "provisioning",
    });
    expect(await specDatabase(added.deployment.id)).toMatchObject({
      engine: "postgres",
      version: "17",
      password: expect.stringMatching(/^[0-9a-f]{48}$/),
    });
  });

  it("rotates the password through a deployment that hands the runner the new one", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    const before = (await specDatabase(deployment.id))?.password;
    await settle(deployment.id);
    const res = await request(databasePath(tenant.id, "/rotate-password"), {
      method: "POST",
      headers: org.headers,
    });
    expect(res.status).toBe(202);
    const rotation = (await res.json()) as { deployment: { id: string; trigger: string } };
    expect(rotation.deployment.trigger).toBe("database_rotate");
    expect((await read(org.headers, tenant.id)).status).toBe("rotating");
    const after = (await specDatabase(rotation.deployment.id))?.password;
    expect(after).toMatch(/^[0-9a-f]{48}$/);
    expect(after).not.toBe(before);
    const shown = await read(org.headers, tenant.id, "?reveal=true");
    expect(shown.credentials?.password).toBe(after);
    expect(shown.passwordRotatedAt).not.toBeNull();
  });
});

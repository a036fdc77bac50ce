import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { serviceEnvSlot, TenantSecrets } from "../../../worker/crypto/tenant-secrets.ts";
import { createDb } from "../../../worker/db/client.ts";
import { services, tenantKeys, tenants } from "../../../worker/db/schema.ts";
import { bearer, createOrg, OPERATOR_TOKEN, request, tenantBody } from "../harness.ts";
import { encryptLegacy } from "../support/legacy-envelope.ts";

const NEW_KEY = { k2: "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=" };
/** The keyring after rotation: the old key still readable, the new one active. */
const rotated = {
  ENCRYPTION_KEYS: JSON.stringify({ ...JSON.parse(env.ENCRYPTION_KEYS), ...NEW_KEY }),
  ENCRYPTION_KEY_ID: "k2",
};
/** The keyring once the old key is removed. */
const onlyNew = { ENCRYPTION_KEYS: JSON.stringify(NEW_KEY), ENCRYPTION_KEY_ID: "k2" };

const db = createDb(env.DB);

const rewrap = (limit: number) =>
  request(`/v1/admin/encryption/rewrap?limit=${limit}`, {
    method: "POST",
    headers: bearer(OPERATOR_TOKEN),
    env: rotated,
  });

interface Progress {
  activeKeyId: string;
  rewrapped: number;
  remaining: number;
}

describe("POST /v1/admin/encryption/rewrap", () => {
  it("moves every tenant key to the active KEK and reseals old-format values, in steps", async () => {
    const org = await createOrg();
    for (let i = 0; i < 3; i++) {
      const res = await request("/v1/tenants", {
        method: "POST",
        headers: org.headers,
        json: tenantBody(),
      });
      expect(res.status).toBe(202);
    }
    const rows = await db
      .select({ service: services, tenant: tenants })
      .from(services)
      .innerJoin(tenants, eq(tenants.id, services.tenantId))
      .where(eq(tenants.organizationId, org.orgId));
    expect(rows.length).toBe(3);
    expect(rows.every(({ service }) => service.envCiphertext?.startsWith("v2."))).toBe(true);
    // A value as the first envelope format stored it, before data keys were bound to rows.
    const legacy = rows[0]?.service as typeof services.$inferSelect;
    await db
      .update(services)
      .set({ envCiphertext: await encryptLegacy(env, { LOG_LEVEL: "info", OLD: "1" }) })
      .where(eq(services.id, legacy.id));

    const first = (await (await rewrap(2)).json()) as Progress;
    expect(first).toMatchObject({ activeKeyId: "k2", rewrapped: 2 });
    expect(first.remaining).toBeGreaterThan(0);
    let remaining = first.remaining;
    for (let calls = 0; remaining > 0 && calls < 100; calls++) {
      remaining = ((await (await rewrap(500)).json()) as Progress).remaining;
    }
    expect(remaining).toBe(0);

    const keys = await db.select().from(tenantKeys);
    expect(keys.every((row) => row.keyId === "k2")).toBe(true);
    for (const { service, tenant } of rows) {
      const [stored] = await db.select().from(services).where(eq(services.id, service.id));
      expect(stored?.envCiphertext).toMatch(/^v2\./);
      const secrets = await TenantSecrets.load(db, { ...env, ...onlyNew }, tenant);
      const values = await secrets.open(serviceEnvSlot(service.id), stored?.envCiphertext ?? "");
      expect(values).toMatchObject({ LOG_LEVEL: "info" });
    }
    const done = (await (await rewrap(10)).json()) as Progress;
    expect(done).toEqual({ activeKeyId: "k2", rewrapped: 0, remaining: 0 });
  });
});

import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../../worker/crypto/base64.ts";
import { DecryptionError, KeyringConfigError, newDataKey } from "../../../worker/crypto/index.ts";
import { serviceEnvSlot, TenantSecrets } from "../../../worker/crypto/tenant-secrets.ts";
import { createDb } from "../../../worker/db/client.ts";
import { tenantKeys } from "../../../worker/db/schema.ts";
import { encryptLegacy } from "../support/legacy-envelope.ts";
import { seedDeployment } from "../support/seed.ts";

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const k1 = JSON.parse(env.ENCRYPTION_KEYS).k1 as string;
const onlyK1 = { ENCRYPTION_KEYS: JSON.stringify({ k1 }), ENCRYPTION_KEY_ID: "k1" };
const rotated = { ENCRYPTION_KEYS: JSON.stringify({ k1, k2: key(7) }), ENCRYPTION_KEY_ID: "k2" };
const onlyK2 = { ENCRYPTION_KEYS: JSON.stringify({ k2: key(7) }), ENCRYPTION_KEY_ID: "k2" };

const tenantA = { id: "ten_a", organizationId: "org_a" };
const slot = serviceEnvSlot("svc_1");

const flipFirstByte = (ciphertext: string, part: number) => {
  const parts = ciphertext.split(".");
  const bytes = fromBase64Url(parts[part] as string);
  bytes[0] = (bytes[0] as number) ^ 1;
  parts[part] = toBase64Url(bytes);
  return parts.join(".");
};

const seededTenant = async () => {
  const seeded = await seedDeployment();
  return { id: seeded.tenantId, organizationId: seeded.organizationId };
};

describe("tenant secrets", () => {
  it("round-trips JSON without the plaintext appearing in the ciphertext", async () => {
    const { secrets } = await TenantSecrets.create(env, tenantA);
    const value = { DATABASE_PASSWORD: "hunter2-very-secret", N: "1" };
    const sealed = await secrets.seal(slot, value);
    expect(sealed).toMatch(/^v2\./);
    expect(sealed).not.toContain("hunter2");
    expect(await secrets.open(slot, sealed)).toEqual(value);
  });

  it("seals each value with a fresh 12-byte IV", async () => {
    const { secrets } = await TenantSecrets.create(env, tenantA);
    const sealed = await Promise.all(
      Array.from({ length: 20 }, () => secrets.seal(slot, "same value")),
    );
    const ivs = sealed.map((text) => text.split(".")[1] as string);
    expect(new Set(ivs).size).toBe(sealed.length);
    expect(ivs.every((iv) => fromBase64Url(iv).byteLength === 12)).toBe(true);
  });

  it("refuses a value moved to another service, variable, tenant or organization", async () => {
    // One data key for all of them: what refuses the value is its binding to its row.
    const dataKey = await newDataKey();
    const sealed = await new TenantSecrets(env, tenantA, dataKey).seal(slot, { A: "1" });
    const moves = [
      { tenant: tenantA, slot: serviceEnvSlot("svc_2") },
      { tenant: tenantA, slot: { ...slot, name: "other" } },
      { tenant: { ...tenantA, id: "ten_b" }, slot },
      { tenant: { ...tenantA, organizationId: "org_b" }, slot },
    ];
    for (const move of moves) {
      await expect(
        new TenantSecrets(env, move.tenant, dataKey).open(move.slot, sealed),
      ).rejects.toBeInstanceOf(DecryptionError);
    }
    expect(await new TenantSecrets(env, tenantA, dataKey).open(slot, sealed)).toEqual({ A: "1" });
  });

  it("refuses a tenant key copied into another tenant's row", async () => {
    const db = createDb(env.DB);
    const [a, b] = [await seededTenant(), await seededTenant()];
    const [rowA] = await db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, a.id));
    await db
      .update(tenantKeys)
      .set({ keyId: rowA?.keyId, wrappedKey: rowA?.wrappedKey })
      .where(eq(tenantKeys.tenantId, b.id));
    await expect(TenantSecrets.load(db, env, b)).rejects.toBeInstanceOf(DecryptionError);
    await expect(TenantSecrets.load(db, env, a)).resolves.toBeInstanceOf(TenantSecrets);
  });

  it("detects tampering with the IV or the ciphertext", async () => {
    const { secrets } = await TenantSecrets.create(env, tenantA);
    const sealed = await secrets.seal(slot, { A: "1" });
    for (const part of [1, 2]) {
      await expect(secrets.open(slot, flipFirstByte(sealed, part))).rejects.toBeInstanceOf(
        DecryptionError,
      );
    }
    await expect(secrets.open(slot, "plain text")).rejects.toBeInstanceOf(DecryptionError);
  });

  it("binds a stored tenant key to its key id: relabelling it fails", async () => {
    const both = { ENCRYPTION_KEYS: JSON.stringify({ k1, k3: k1 }), ENCRYPTION_KEY_ID: "k1" };
    const db = createDb(env.DB);
    const tenant = await seededTenant();
    await expect(TenantSecrets.load(db, both, tenant)).resolves.toBeInstanceOf(TenantSecrets);
    await db.update(tenantKeys).set({ keyId: "k3" }).where(eq(tenantKeys.tenantId, tenant.id));
    await expect(TenantSecrets.load(db, both, tenant)).rejects.toBeInstanceOf(DecryptionError);
  });

  it("keeps a tenant's key readable after rotation until the old KEK is removed", async () => {
    const db = createDb(env.DB);
    const tenant = await seededTenant();
    const sealed = await (await TenantSecrets.load(db, onlyK1, tenant)).seal(slot, { A: "1" });
    const afterRotation = await TenantSecrets.load(db, rotated, tenant);
    expect(await afterRotation.open(slot, sealed)).toEqual({ A: "1" });
    await expect(TenantSecrets.load(db, onlyK2, tenant)).rejects.toThrow(/not configured/);
  });

  it("gives a tenant created before data keys existed one key on first use", async () => {
    const db = createDb(env.DB);
    const tenant = await seededTenant();
    await db.delete(tenantKeys).where(eq(tenantKeys.tenantId, tenant.id));
    const [a, b] = await Promise.all([
      TenantSecrets.load(db, env, tenant),
      TenantSecrets.load(db, env, tenant),
    ]);
    expect(await b.open(slot, await a.seal(slot, "x"))).toBe("x");
    const rows = await db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenant.id));
    expect(rows).toHaveLength(1);
  });

  it("still opens values in the first envelope format, while their KEK is configured", async () => {
    const { secrets } = await TenantSecrets.create(env, tenantA);
    const legacy = await encryptLegacy(env, { OLD: "yes" });
    expect(await secrets.open(slot, legacy)).toEqual({ OLD: "yes" });
    const withoutK1 = new TenantSecrets(onlyK2, tenantA, await newDataKey());
    await expect(withoutK1.open(slot, legacy)).rejects.toThrow(/not configured/);
  });

  it("rejects a misconfigured keyring", async () => {
    const bad = [
      { ENCRYPTION_KEYS: "{", ENCRYPTION_KEY_ID: "k1" },
      { ENCRYPTION_KEYS: JSON.stringify({ k1: "c2hvcnQ=" }), ENCRYPTION_KEY_ID: "k1" },
      { ENCRYPTION_KEYS: JSON.stringify({ k1 }), ENCRYPTION_KEY_ID: "missing" },
      { ENCRYPTION_KEYS: JSON.stringify({ "bad.id": k1 }), ENCRYPTION_KEY_ID: "bad.id" },
    ];
    for (const config of bad) {
      await expect(TenantSecrets.create(config, tenantA)).rejects.toBeInstanceOf(
        KeyringConfigError,
      );
    }
  });
});

import { and, eq, sql } from "drizzle-orm";
import { LEGACY_PREFIX } from "../../crypto/legacy-envelope.ts";
import { countTenantKeysOnOtherKek, rewrapTenantKeys } from "../../crypto/tenant-keys.ts";
import { serviceEnvSlot, TenantSecrets } from "../../crypto/tenant-secrets.ts";
import { auditInsert, platformAudit } from "../../db/audit.ts";
import type { Database } from "../../db/client.ts";
import { services, tenants } from "../../db/schema.ts";
import type { Env } from "../../env.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { countWebhookKeysOnOtherKek, rewrapWebhookKeys } from "../../webhooks/signing-secret.ts";
import type { RewrapRoute } from "./encryption.routes.ts";

/** Values in the first envelope format are found in SQL by their version prefix. */
const isLegacy = sql`substr(${services.envCiphertext}, 1, ${LEGACY_PREFIX.length}) = ${LEGACY_PREFIX}`;

/**
 * Seals up to `limit` values of the first envelope format with their tenant's data key, bound
 * to their row. A value changed since it was read is left for the next call.
 */
async function resealLegacyValues(db: Database, env: Env, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const rows = await db
    .select({
      id: services.id,
      envCiphertext: services.envCiphertext,
      tenantId: tenants.id,
      organizationId: tenants.organizationId,
    })
    .from(services)
    .innerJoin(tenants, eq(tenants.id, services.tenantId))
    .where(isLegacy)
    .limit(limit);
  const secretsByTenant = new Map<string, Promise<TenantSecrets>>();
  const secretsOf = (tenant: { id: string; organizationId: string }) => {
    let secrets = secretsByTenant.get(tenant.id);
    if (!secrets) {
      secrets = TenantSecrets.load(db, env, tenant);
      secretsByTenant.set(tenant.id, secrets);
    }
    return secrets;
  };
  const now = nowIso();
  // Seal first, then build the statements: a drizzle query is thenable, so returning one from
  // an async callback would run it outside the batch.
  const resealed = await Promise.all(
    rows.map(async (row) => {
      const legacy = row.envCiphertext ?? "";
      const secrets = await secretsOf({ id: row.tenantId, organizationId: row.organizationId });
      const slot = serviceEnvSlot(row.id);
      return {
        id: row.id,
        legacy,
        sealed: await secrets.seal(slot, await secrets.open(slot, legacy)),
      };
    }),
  );
  const updates = resealed.map(({ id, legacy, sealed }) =>
    db
      .update(services)
      .set({ envCiphertext: sealed, updatedAt: now })
      .where(and(eq(services.id, id), eq(services.envCiphertext, legacy))),
  );
  const [first, ...rest] = updates;
  if (first) await db.batch([first, ...rest]);
  return rows.length;
}

export const rewrap: AppRouteHandler<RewrapRoute> = async (c) => {
  const { limit } = c.req.valid("query");
  const activeKeyId = c.env.ENCRYPTION_KEY_ID;
  const db = c.get("db");
  const tenantKeys = await rewrapTenantKeys(db, c.env, limit);
  const keys = tenantKeys + (await rewrapWebhookKeys(db, c.env, limit - tenantKeys));
  const values = await resealLegacyValues(db, c.env, limit - keys);
  await auditInsert(
    db,
    platformAudit(c.get("requestId"), "encryption.rewrap", "encryption_key", activeKeyId, {
      rewrapped: keys,
      resealed: values,
    }),
  );
  const [legacyLeft] = await db
    .select({ count: sql<number>`count(*)` })
    .from(services)
    .where(isLegacy);
  const remaining =
    (await countTenantKeysOnOtherKek(db, activeKeyId)) +
    (await countWebhookKeysOnOtherKek(db, activeKeyId)) +
    (legacyLeft?.count ?? 0);
  return c.json({ activeKeyId, rewrapped: keys + values, remaining }, 200);
};

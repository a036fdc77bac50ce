import { eq, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { tenantKeys } from "../db/schema.ts";
import { nowIso } from "../lib/time.ts";
import {
  type KeyringEnv,
  newDataKey,
  parseWrapped,
  serializeWrapped,
  unwrapDataKey,
  wrapDataKey,
} from "./index.ts";

type TenantKeyRow = typeof tenantKeys.$inferSelect;

/** The wrap binds the tenant: a wrapped key copied to another tenant's row does not unwrap. */
const binding = (tenantId: string) => `tenant.${tenantId}`;

/** A new tenant's data key and its stored row, written in the same batch as the tenant. */
export async function newTenantKey(
  env: KeyringEnv,
  tenantId: string,
): Promise<{ key: CryptoKey; row: typeof tenantKeys.$inferInsert }> {
  const key = await newDataKey();
  const wrapped = await wrapDataKey(env, key, binding(tenantId));
  const now = nowIso();
  return {
    key,
    row: {
      tenantId,
      keyId: wrapped.keyId,
      wrappedKey: serializeWrapped(wrapped),
      createdAt: now,
      updatedAt: now,
    },
  };
}

const unwrapRow = (env: KeyringEnv, row: TenantKeyRow) =>
  unwrapDataKey(env, parseWrapped(row.keyId, row.wrappedKey), binding(row.tenantId));

/**
 * The tenant's data key. Tenants created before data keys existed get theirs on first use;
 * when two requests race to create it, the row written first wins and both use it.
 */
export async function loadTenantKey(
  db: Database,
  env: KeyringEnv,
  tenantId: string,
): Promise<CryptoKey> {
  const [row] = await db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenantId));
  if (row) return unwrapRow(env, row);
  const fresh = await newTenantKey(env, tenantId);
  const [stored] = await db
    .insert(tenantKeys)
    .values(fresh.row)
    .onConflictDoUpdate({ target: tenantKeys.tenantId, set: { tenantId } })
    .returning();
  if (!stored) throw new Error("tenant key insert returned no row");
  return stored.wrappedKey === fresh.row.wrappedKey ? fresh.key : unwrapRow(env, stored);
}

/** Tenant keys wrapped by another KEK than the active one, which rotation moves. */
export const onOtherKek = (activeKeyId: string) => ne(tenantKeys.keyId, activeKeyId);

export async function countTenantKeysOnOtherKek(db: Database, activeKeyId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)` })
    .from(tenantKeys)
    .where(onOtherKek(activeKeyId));
  return row?.count ?? 0;
}

/** Re-wraps up to `limit` tenant keys with the active KEK; sealed values are untouched. */
export async function rewrapTenantKeys(
  db: Database,
  env: KeyringEnv,
  limit: number,
): Promise<number> {
  const rows = await db
    .select()
    .from(tenantKeys)
    .where(onOtherKek(env.ENCRYPTION_KEY_ID))
    .limit(limit);
  if (rows.length === 0) return 0;
  const now = nowIso();
  const rewrapped = await Promise.all(
    rows.map(async (row) => {
      const wrapped = await wrapDataKey(env, await unwrapRow(env, row), binding(row.tenantId));
      return { row, wrapped };
    }),
  );
  const [first, ...rest] = rewrapped.map(({ row, wrapped }) =>
    db
      .update(tenantKeys)
      .set({ keyId: wrapped.keyId, wrappedKey: serializeWrapped(wrapped), updatedAt: now })
      .where(eq(tenantKeys.tenantId, row.tenantId)),
  );
  if (first) await db.batch([first, ...rest]);
  return rows.length;
}

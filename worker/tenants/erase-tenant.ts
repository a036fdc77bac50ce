import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import {
  backups,
  credentials,
  type ErasedItem,
  services,
  tenantKeys,
  tenants,
} from "../db/schema.ts";
import type { Env } from "../env.ts";
import { nowIso } from "../lib/time.ts";

/** What the runner removed from the cluster and the registry, as its deletion reported it. */
const CLUSTER_ITEMS = ["namespace", "volumes", "certificates", "buildObjects", "images"];

const countOf = (value: unknown): number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;

/**
 * Finishes a deletion as an erasure once the runner removed the tenant from the cluster: its
 * backups' objects are deleted, its env values, credentials and database password are cleared,
 * and its data key is destroyed, so any ciphertext of it left anywhere (a D1 backup, a copied dump) is unreadable.
 * The tenant row stays as a tombstone with the receipt; its audit rows are kept. Safe to run
 * again: a tenant with a receipt is left alone.
 */
export async function eraseTenant(
  env: Env,
  db: Database,
  tenantId: string,
  removedAt: string,
  runnerResult: Record<string, unknown> | null,
): Promise<void> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  if (!tenant || tenant.erasure) return;
  const [stored, secretServices, storedCredentials, keys] = await db.batch([
    db.select({ objectKey: backups.objectKey }).from(backups).where(eq(backups.tenantId, tenantId)),
    db
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.tenantId, tenantId), isNotNull(services.envCiphertext))),
    db.select({ id: credentials.id }).from(credentials).where(eq(credentials.tenantId, tenantId)),
    db
      .select({ tenantId: tenantKeys.tenantId })
      .from(tenantKeys)
      .where(eq(tenantKeys.tenantId, tenantId)),
  ]);
  if (stored.length > 0) await env.BACKUPS.delete(stored.map((backup) => backup.objectKey));
  const erasedAt = nowIso();
  const items: ErasedItem[] = [
    ...CLUSTER_ITEMS.map((item) => ({
      item,
      count: countOf(runnerResult?.[item]),
      erasedAt: removedAt,
    })),
    { item: "backups", count: stored.length, erasedAt },
    {
      item: "envValues",
      count: secretServices.length + (tenant.envCiphertext ? 1 : 0),
      erasedAt,
    },
    { item: "credentials", count: storedCredentials.length, erasedAt },
    {
      item: "databasePassword",
      count: tenant.databasePasswordCiphertext ? 1 : 0,
      erasedAt,
    },
    { item: "dataKey", count: keys.length, erasedAt },
  ];
  await db.batch([
    db.delete(backups).where(eq(backups.tenantId, tenantId)),
    db.delete(credentials).where(eq(credentials.tenantId, tenantId)),
    db
      .update(services)
      .set({ envCiphertext: null, envKeys: [], updatedAt: erasedAt })
      .where(eq(services.tenantId, tenantId)),
    db.delete(tenantKeys).where(eq(tenantKeys.tenantId, tenantId)),
    db
      .update(tenants)
      .set({
        envCiphertext: null,
        envKeys: sql`'[]'`,
        databasePasswordCiphertext: null,
        erasure: { completedAt: erasedAt, items },
        updatedAt: erasedAt,
      })
      .where(and(eq(tenants.id, tenantId), isNull(tenants.erasure))),
  ]);
}

import { and, eq, isNotNull, sql } from "drizzle-orm";
import { ENVELOPE_VERSION, rewrapCiphertext } from "../../crypto/index.ts";
import { auditInsert, platformAudit } from "../../db/audit.ts";
import { services } from "../../db/schema.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { RewrapRoute } from "./encryption.routes.ts";

/**
 * The key id is the envelope's second field (`v1.<kid>.…`, see worker/crypto/envelope.ts), so
 * records on another key are found in SQL without decrypting anything.
 */
const onOtherKey = (activeKeyId: string) => {
  const prefix = `${ENVELOPE_VERSION}.${activeKeyId}.`;
  return and(
    isNotNull(services.envCiphertext),
    sql`substr(${services.envCiphertext}, 1, ${prefix.length}) != ${prefix}`,
  );
};

export const rewrap: AppRouteHandler<RewrapRoute> = async (c) => {
  const { limit } = c.req.valid("query");
  const activeKeyId = c.env.ENCRYPTION_KEY_ID;
  const db = c.get("db");
  const rows = await db
    .select({ id: services.id, envCiphertext: services.envCiphertext })
    .from(services)
    .where(onOtherKey(activeKeyId))
    .limit(limit);
  const now = nowIso();
  // Re-wrap first, then build the statements: a drizzle query is thenable, so returning one
  // from an async callback would run it outside the batch.
  const rewrapped = await Promise.all(
    rows.map(async (row) => ({
      row,
      ciphertext: await rewrapCiphertext(c.env, row.envCiphertext ?? ""),
    })),
  );
  const updates = rewrapped.map(({ row, ciphertext }) =>
    db
      .update(services)
      .set({ envCiphertext: ciphertext, updatedAt: now })
      // Unchanged since it was read: a concurrent edit wins and is picked up by the next call.
      .where(and(eq(services.id, row.id), eq(services.envCiphertext, row.envCiphertext ?? ""))),
  );
  const audit = auditInsert(
    db,
    platformAudit(c.get("requestId"), "encryption.rewrap", "encryption_key", activeKeyId, {
      rewrapped: rows.length,
    }),
  );
  await db.batch([audit, ...updates]);
  const [left] = await db
    .select({ count: sql<number>`count(*)` })
    .from(services)
    .where(onOtherKey(activeKeyId));
  return c.json({ activeKeyId, rewrapped: rows.length, remaining: left?.count ?? 0 }, 200);
};

import { eq, ne, sql } from "drizzle-orm";
import {
  type KeyringEnv,
  newDataKey,
  parseWrapped,
  serializeWrapped,
  toBase64Url,
  unwrapDataKey,
  wrapDataKey,
} from "../crypto/index.ts";
import { type SealContext, seal, unseal } from "../crypto/sealed.ts";
import type { Database } from "../db/client.ts";
import { webhooks } from "../db/schema.ts";
import { nowIso } from "../lib/time.ts";

type WebhookRow = typeof webhooks.$inferSelect;
type SealedColumns = Pick<WebhookRow, "id" | "organizationId" | "keyId" | "wrappedKey">;

const SECRET_BYTES = 32;

/** `whsec_` and 256 random bits: receivers use the whole string as the HMAC key. */
export const newSigningSecret = (): string =>
  `whsec_${toBase64Url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;

/**
 * The wrap and the seal both name the webhook: copied to another row, neither opens. A webhook
 * belongs to the organization, not to a tenant, so the seal's tenant is empty.
 */
const binding = (webhookId: string) => `webhook.${webhookId}`;
const sealContext = (row: Pick<WebhookRow, "id" | "organizationId">): SealContext => ({
  organizationId: row.organizationId,
  tenantId: "",
  owner: `webhook:${row.id}`,
  name: "signing-secret",
});

/** A new webhook's data key (wrapped by the active KEK) and its first secret sealed with it. */
export async function sealFirstSecret(
  env: KeyringEnv,
  row: Pick<WebhookRow, "id" | "organizationId">,
  secret: string,
): Promise<Pick<WebhookRow, "keyId" | "wrappedKey" | "secretCiphertext">> {
  const key = await newDataKey();
  const wrapped = await wrapDataKey(env, key, binding(row.id));
  return {
    keyId: wrapped.keyId,
    wrappedKey: serializeWrapped(wrapped),
    secretCiphertext: await seal(key, sealContext(row), secret),
  };
}

const webhookKey = (env: KeyringEnv, row: SealedColumns) =>
  unwrapDataKey(env, parseWrapped(row.keyId, row.wrappedKey), binding(row.id));

export async function sealSecret(
  env: KeyringEnv,
  row: SealedColumns,
  secret: string,
): Promise<string> {
  return seal(await webhookKey(env, row), sealContext(row), secret);
}

/**
 * The secrets that sign a delivery at `now`: the current one, and during a rotation's overlap
 * the previous one too, so receivers still holding it keep verifying.
 */
export async function signingSecrets(
  env: KeyringEnv,
  row: SealedColumns &
    Pick<WebhookRow, "secretCiphertext" | "previousSecretCiphertext" | "previousSecretExpiresAt">,
  now: Date,
): Promise<string[]> {
  const key = await webhookKey(env, row);
  const context = sealContext(row);
  const secrets = [await unseal<string>(key, context, row.secretCiphertext)];
  const overlapping =
    row.previousSecretCiphertext !== null &&
    row.previousSecretExpiresAt !== null &&
    Date.parse(row.previousSecretExpiresAt) > now.getTime();
  if (overlapping && row.previousSecretCiphertext) {
    secrets.push(await unseal<string>(key, context, row.previousSecretCiphertext));
  }
  return secrets;
}

/** Webhook keys wrapped by another KEK than the active one, which a KEK rotation moves. */
export async function countWebhookKeysOnOtherKek(db: Database, activeKeyId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)` })
    .from(webhooks)
    .where(ne(webhooks.keyId, activeKeyId));
  return row?.count ?? 0;
}

/** Re-wraps up to `limit` webhook keys with the active KEK; the sealed secrets are untouched. */
export async function rewrapWebhookKeys(
  db: Database,
  env: KeyringEnv,
  limit: number,
): Promise<number> {
  if (limit <= 0) return 0;
  const rows = await db
    .select({
      id: webhooks.id,
      organizationId: webhooks.organizationId,
      keyId: webhooks.keyId,
      wrappedKey: webhooks.wrappedKey,
    })
    .from(webhooks)
    .where(ne(webhooks.keyId, env.ENCRYPTION_KEY_ID))
    .limit(limit);
  const now = nowIso();
  const rewrapped = await Promise.all(
    rows.map(async (row) => ({
      row,
      wrapped: await wrapDataKey(env, await webhookKey(env, row), binding(row.id)),
    })),
  );
  const [first, ...rest] = rewrapped.map(({ row, wrapped }) =>
    db
      .update(webhooks)
      .set({ keyId: wrapped.keyId, wrappedKey: serializeWrapped(wrapped), updatedAt: now })
      .where(eq(webhooks.id, row.id)),
  );
  if (first) await db.batch([first, ...rest]);
  return rows.length;
}

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
import type { webhooks } from "../db/schema.ts";

type WebhookRow = typeof webhooks.$inferSelect;
type SealedColumns = Pick<WebhookRow, "id" | "organizationId" | "keyId" | "wrappedKey">;

const SECRET_BYTES = 32;

/** `whsec_` and 256 random bits: receivers use the whole string as the HMAC key. */
export const newSigningSecret = (): string =>
  `whsec_${toBase64Url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;

/** The wrap and the seal both name the webhook: copied to another row, neither opens. */
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

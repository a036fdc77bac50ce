import { newDataKey, randomIv, toBase64Url, wrapDataKey } from "../../../worker/crypto/index.ts";
import type { KeyringEnv } from "../../../worker/crypto/keyring.ts";
import { LEGACY_DATA_AAD, LEGACY_PREFIX } from "../../../worker/crypto/legacy-envelope.ts";

/** A value as the first envelope format stored it, for tests of reading and moving such data. */
export async function encryptLegacy(env: KeyringEnv, value: unknown): Promise<string> {
  const dataKey = await newDataKey();
  const iv = randomIv();
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(LEGACY_DATA_AAD) },
    dataKey,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  const wrapped = await wrapDataKey(env, dataKey, "");
  return [
    LEGACY_PREFIX.slice(0, -1),
    wrapped.keyId,
    ...[wrapped.wrapIv, wrapped.wrappedKey, iv, new Uint8Array(ciphertext)].map(toBase64Url),
  ].join(".");
}

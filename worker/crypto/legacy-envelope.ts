import { fromBase64Url } from "./base64.ts";
import { DecryptionError, type KeyringEnv, unwrapDataKey, type WrappedKey } from "./index.ts";

/**
 * The first envelope format, `v1.<kid>.<wrap iv>.<wrapped data key>.<iv>.<ciphertext>`: a data
 * key per record and a constant additional data, so a ciphertext copied into another row still
 * decrypted there. Records in it are only read, to move them to sealed values bound to their
 * row (`POST /v1/admin/encryption/rewrap`); nothing writes it any more.
 */
export const LEGACY_PREFIX = "v1.";
export const LEGACY_DATA_AAD = "enclave.data.v1";
const decoder = new TextDecoder();

interface LegacyEnvelope extends WrappedKey {
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: Uint8Array<ArrayBuffer>;
}

const parse = (text: string): LegacyEnvelope => {
  const parts = text.split(".");
  const [version, keyId, wrapIv, wrappedKey, iv, ciphertext] = parts;
  if (
    parts.length !== 6 ||
    `${version}.` !== LEGACY_PREFIX ||
    !keyId ||
    wrapIv === undefined ||
    wrappedKey === undefined ||
    iv === undefined ||
    ciphertext === undefined
  ) {
    throw new DecryptionError("not an Enclave ciphertext");
  }
  try {
    return {
      keyId,
      wrapIv: fromBase64Url(wrapIv),
      wrappedKey: fromBase64Url(wrappedKey),
      iv: fromBase64Url(iv),
      ciphertext: fromBase64Url(ciphertext),
    };
  } catch {
    throw new DecryptionError("not an Enclave ciphertext");
  }
};

export const isLegacyCiphertext = (text: string): boolean => text.startsWith(LEGACY_PREFIX);

export const decryptLegacy = async <T = unknown>(env: KeyringEnv, text: string): Promise<T> => {
  const envelope = parse(text);
  const dataKey = await unwrapDataKey(env, envelope, "");
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: envelope.iv,
        additionalData: new TextEncoder().encode(LEGACY_DATA_AAD),
      },
      dataKey,
      envelope.ciphertext,
    );
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
  return JSON.parse(decoder.decode(plaintext)) as T;
};

import { fromBase64Url, toBase64Url } from "./base64.ts";
import { type KeyringEnv, loadKeyring } from "./keyring.ts";

/**
 * Data keys are wrapped by a key-encryption key (KEK) from `ENCRYPTION_KEYS`, named by its id.
 * The wrap's additional data binds the KEK id and what the data key belongs to, so relabelling
 * a wrapped key with another KEK id, or copying it to another owner, fails authentication.
 */
export const DATA_KEY = { name: "AES-GCM", length: 256 } as const;
export const IV_BYTES = 12;
const encoder = new TextEncoder();

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

export interface WrappedKey {
  keyId: string;
  wrapIv: Uint8Array<ArrayBuffer>;
  wrappedKey: Uint8Array<ArrayBuffer>;
}

export const randomIv = () => crypto.getRandomValues(new Uint8Array(IV_BYTES));

export const newDataKey = async (): Promise<CryptoKey> =>
  (await crypto.subtle.generateKey(DATA_KEY, true, ["encrypt", "decrypt"])) as CryptoKey;

/** `binding` names what the data key belongs to; the empty binding is the v1 envelope's. */
const wrapAad = (keyId: string, binding: string) =>
  encoder.encode(binding ? `enclave.kek.v2.${keyId}.${binding}` : `enclave.kek.v1.${keyId}`);

export const wrapDataKey = async (
  env: KeyringEnv,
  dataKey: CryptoKey,
  binding: string,
): Promise<WrappedKey> => {
  const keyring = await loadKeyring(env);
  const kek = keyring.keys.get(keyring.activeKeyId) as CryptoKey;
  const wrapIv = randomIv();
  const wrapped = await crypto.subtle.wrapKey("raw", dataKey, kek, {
    name: "AES-GCM",
    iv: wrapIv,
    additionalData: wrapAad(keyring.activeKeyId, binding),
  });
  return { keyId: keyring.activeKeyId, wrapIv, wrappedKey: new Uint8Array(wrapped) };
};

export const unwrapDataKey = async (
  env: KeyringEnv,
  wrapped: WrappedKey,
  binding: string,
): Promise<CryptoKey> => {
  const keyring = await loadKeyring(env);
  const kek = keyring.keys.get(wrapped.keyId);
  if (!kek) throw new DecryptionError(`key "${wrapped.keyId}" is not configured`);
  try {
    return await crypto.subtle.unwrapKey(
      "raw",
      wrapped.wrappedKey,
      kek,
      { name: "AES-GCM", iv: wrapped.wrapIv, additionalData: wrapAad(wrapped.keyId, binding) },
      DATA_KEY,
      true,
      ["encrypt", "decrypt"],
    );
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
};

/** `<wrap iv>.<wrapped key>` in base64url: the stored form of a wrapped key's secret parts. */
export const serializeWrapped = (wrapped: WrappedKey): string =>
  `${toBase64Url(wrapped.wrapIv)}.${toBase64Url(wrapped.wrappedKey)}`;

export const parseWrapped = (keyId: string, text: string): WrappedKey => {
  const [wrapIv, wrappedKey, extra] = text.split(".");
  if (wrapIv === undefined || wrappedKey === undefined || extra !== undefined) {
    throw new DecryptionError("not a wrapped key");
  }
  try {
    return { keyId, wrapIv: fromBase64Url(wrapIv), wrappedKey: fromBase64Url(wrappedKey) };
  } catch {
    throw new DecryptionError("not a wrapped key");
  }
};

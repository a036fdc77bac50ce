import { fromBase64Url, toBase64Url } from "./base64.ts";
import { type KeyringEnv, loadKeyring } from "./keyring.ts";

/**
 * Envelope encryption (AES-256-GCM, WebCrypto only). Every record gets a fresh data key; the
 * data key is wrapped by the active key-encryption key (KEK) named by its id. Rotating the KEK
 * therefore only re-wraps a 32-byte key per record (`rewrapCiphertext`) and never touches the
 * payload, and old records stay readable as long as their key id remains in ENCRYPTION_KEYS.
 *
 * Format: `v1.<kid>.<wrap iv>.<wrapped data key>.<iv>.<ciphertext>`, parts in base64url.
 * The key id is bound into the wrap's additional data, so relabelling a record with another
 * key id fails authentication instead of silently using another key.
 */
/** The envelope format version, its first field. */
export const ENVELOPE_VERSION = "v1";
const VERSION = ENVELOPE_VERSION;
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const wrapAad = (keyId: string) => encoder.encode(`enclave.kek.${VERSION}.${keyId}`);
const dataAad = encoder.encode(`enclave.data.${VERSION}`);
const DATA_KEY = { name: "AES-GCM", length: 256 } as const;

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

interface Envelope {
  keyId: string;
  wrapIv: Uint8Array<ArrayBuffer>;
  wrappedKey: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: Uint8Array<ArrayBuffer>;
}

const randomIv = () => crypto.getRandomValues(new Uint8Array(IV_BYTES));

const serialize = (e: Envelope): string =>
  [VERSION, e.keyId, ...[e.wrapIv, e.wrappedKey, e.iv, e.ciphertext].map(toBase64Url)].join(".");

const parse = (text: string): Envelope => {
  const parts = text.split(".");
  const [version, keyId, wrapIv, wrappedKey, iv, ciphertext] = parts;
  if (
    parts.length !== 6 ||
    version !== VERSION ||
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

const wrap = async (env: KeyringEnv, dataKey: CryptoKey) => {
  const keyring = await loadKeyring(env);
  const kek = keyring.keys.get(keyring.activeKeyId) as CryptoKey;
  const wrapIv = randomIv();
  const wrapped = await crypto.subtle.wrapKey("raw", dataKey, kek, {
    name: "AES-GCM",
    iv: wrapIv,
    additionalData: wrapAad(keyring.activeKeyId),
  });
  return { keyId: keyring.activeKeyId, wrapIv, wrappedKey: new Uint8Array(wrapped) };
};

const unwrap = async (env: KeyringEnv, envelope: Envelope): Promise<CryptoKey> => {
  const keyring = await loadKeyring(env);
  const kek = keyring.keys.get(envelope.keyId);
  if (!kek) throw new DecryptionError(`key "${envelope.keyId}" is not configured`);
  try {
    return await crypto.subtle.unwrapKey(
      "raw",
      envelope.wrappedKey,
      kek,
      { name: "AES-GCM", iv: envelope.wrapIv, additionalData: wrapAad(envelope.keyId) },
      DATA_KEY,
      true,
      ["encrypt", "decrypt"],
    );
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
};

/** Encrypts any JSON value under a fresh data key wrapped by the active key. */
export const encryptJson = async (env: KeyringEnv, value: unknown): Promise<string> => {
  const dataKey = (await crypto.subtle.generateKey(DATA_KEY, true, [
    "encrypt",
    "decrypt",
  ])) as CryptoKey;
  const iv = randomIv();
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: dataAad },
    dataKey,
    encoder.encode(JSON.stringify(value)),
  );
  return serialize({ ...(await wrap(env, dataKey)), iv, ciphertext: new Uint8Array(ciphertext) });
};

/** Decrypts what `encryptJson` produced; any tampering throws `DecryptionError`. */
export const decryptJson = async <T = unknown>(env: KeyringEnv, text: string): Promise<T> => {
  const envelope = parse(text);
  const dataKey = await unwrap(env, envelope);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: envelope.iv, additionalData: dataAad },
      dataKey,
      envelope.ciphertext,
    );
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
  return JSON.parse(decoder.decode(plaintext)) as T;
};

/** The key id a ciphertext's data key is wrapped with, to find records still on an old key. */
export const ciphertextKeyId = (text: string): string => parse(text).keyId;

/**
 * Re-wraps a record's data key with the active key (rotation); the payload is untouched.
 * Returns the input unchanged when it already uses the active key.
 */
export const rewrapCiphertext = async (env: KeyringEnv, text: string): Promise<string> => {
  const envelope = parse(text);
  if (envelope.keyId === env.ENCRYPTION_KEY_ID) return text;
  const dataKey = await unwrap(env, envelope);
  return serialize({ ...envelope, ...(await wrap(env, dataKey)) });
};

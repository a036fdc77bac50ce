import { fromBase64 } from "./base64.ts";

/** The secrets the keyring is built from (a subset of the Worker's Env). */
export interface KeyringEnv {
  ENCRYPTION_KEYS: string;
  ENCRYPTION_KEY_ID: string;
}

export interface Keyring {
  activeKeyId: string;
  /** Key-encryption keys by id: the active one wraps new data keys, all of them unwrap. */
  keys: ReadonlyMap<string, CryptoKey>;
}

/** Key ids appear inside ciphertexts, so they must not contain the separator. */
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_BYTES = 32;

export class KeyringConfigError extends Error {
  override name = "KeyringConfigError";
}

const parseKeyMaterial = (json: string): Record<string, string> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new KeyringConfigError("ENCRYPTION_KEYS is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new KeyringConfigError('ENCRYPTION_KEYS must be a JSON object {"<key id>": "<base64>"}');
  }
  return parsed as Record<string, string>;
};

const importKek = async (keyId: string, material: unknown): Promise<CryptoKey> => {
  if (!KEY_ID.test(keyId)) throw new KeyringConfigError(`invalid key id "${keyId}"`);
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(String(material));
  } catch {
    throw new KeyringConfigError(`key "${keyId}" is not base64`);
  }
  if (raw.byteLength !== KEY_BYTES) {
    throw new KeyringConfigError(`key "${keyId}" must be ${KEY_BYTES} bytes`);
  }
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["wrapKey", "unwrapKey"]);
};

/**
 * Imported keys are cached per isolate, keyed by the configuration itself, so a rotated
 * secret (a new deployment of the Worker) never reuses stale keys.
 */
let cached: { source: string; keyring: Promise<Keyring> } | undefined;

const buildKeyring = async (env: KeyringEnv): Promise<Keyring> => {
  const material = parseKeyMaterial(env.ENCRYPTION_KEYS);
  const entries = await Promise.all(
    Object.entries(material).map(async ([id, value]) => [id, await importKek(id, value)] as const),
  );
  const keys = new Map(entries);
  if (!keys.has(env.ENCRYPTION_KEY_ID)) {
    throw new KeyringConfigError("ENCRYPTION_KEY_ID does not name a key in ENCRYPTION_KEYS");
  }
  return { activeKeyId: env.ENCRYPTION_KEY_ID, keys };
};

export const loadKeyring = (env: KeyringEnv): Promise<Keyring> => {
  const source = `${env.ENCRYPTION_KEY_ID}\n${env.ENCRYPTION_KEYS}`;
  if (cached?.source !== source) {
    const keyring = buildKeyring(env);
    keyring.catch(() => {
      if (cached?.keyring === keyring) cached = undefined;
    });
    cached = { source, keyring };
  }
  return cached.keyring;
};

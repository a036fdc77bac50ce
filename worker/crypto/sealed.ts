import { fromBase64Url, toBase64Url } from "./base64.ts";
import { DecryptionError, randomIv } from "./kek.ts";

/**
 * A secret value sealed with its tenant's data key: `v2.<iv>.<ciphertext>` (base64url), AES-GCM
 * with a fresh IV per value. The additional data names the row the value belongs to
 * (organization, tenant, owner, name), so a ciphertext copied into another tenant's, service's
 * or variable's row fails authentication instead of decrypting there.
 */
export const SEALED_PREFIX = "v2.";

export interface SealContext {
  organizationId: string;
  tenantId: string;
  /** What holds the value, e.g. `service:<id>` or `credential:<id>`. */
  owner: string;
  /** Which of the owner's values it is, e.g. `env`. */
  name: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON of an array: no choice of field values can make two contexts encode alike. */
const contextAad = (context: SealContext) =>
  encoder.encode(
    JSON.stringify([
      "enclave.sealed.v2",
      context.organizationId,
      context.tenantId,
      context.owner,
      context.name,
    ]),
  );

export const seal = async (
  key: CryptoKey,
  context: SealContext,
  value: unknown,
): Promise<string> => {
  const iv = randomIv();
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: contextAad(context) },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  return `${SEALED_PREFIX}${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
};

export const unseal = async <T = unknown>(
  key: CryptoKey,
  context: SealContext,
  text: string,
): Promise<T> => {
  const [version, iv, ciphertext, extra] = text.split(".");
  if (`${version}.` !== SEALED_PREFIX || !iv || ciphertext === undefined || extra !== undefined) {
    throw new DecryptionError("not an Enclave ciphertext");
  }
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64Url(iv), additionalData: contextAad(context) },
      key,
      fromBase64Url(ciphertext),
    );
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
  return JSON.parse(decoder.decode(plaintext)) as T;
};

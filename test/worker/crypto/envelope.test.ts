import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../../worker/crypto/base64.ts";
import {
  ciphertextKeyId,
  DecryptionError,
  decryptJson,
  encryptJson,
  KeyringConfigError,
  rewrapCiphertext,
} from "../../../worker/crypto/index.ts";

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const k1 = JSON.parse(env.ENCRYPTION_KEYS).k1 as string;
const onlyK1 = { ENCRYPTION_KEYS: JSON.stringify({ k1 }), ENCRYPTION_KEY_ID: "k1" };
const rotated = { ENCRYPTION_KEYS: JSON.stringify({ k1, k2: key(7) }), ENCRYPTION_KEY_ID: "k2" };
const onlyK2 = { ENCRYPTION_KEYS: JSON.stringify({ k2: key(7) }), ENCRYPTION_KEY_ID: "k2" };

const flipByteOfPart = (ciphertext: string, part: number) => {
  const parts = ciphertext.split(".");
  const bytes = fromBase64Url(parts[part] as string);
  bytes[0] = (bytes[0] as number) ^ 1;
  parts[part] = toBase64Url(bytes);
  return parts.join(".");
};

describe("envelope encryption", () => {
  it("round-trips JSON without the plaintext appearing in the ciphertext", async () => {
    const value = { DATABASE_PASSWORD: "hunter2-very-secret", N: "1" };
    const ciphertext = await encryptJson(env, value);
    expect(ciphertext).not.toContain("hunter2");
    expect(ciphertextKeyId(ciphertext)).toBe("k1");
    expect(await decryptJson(env, ciphertext)).toEqual(value);
  });

  it("uses a fresh data key and IV per record", async () => {
    const [a, b] = await Promise.all([encryptJson(env, "same"), encryptJson(env, "same")]);
    expect(a).not.toBe(b);
    expect(a.split(".")[3]).not.toBe(b.split(".")[3]);
  });

  it("keeps old records readable after rotation and encrypts new ones with the new key", async () => {
    const old = await encryptJson(onlyK1, { A: "1" });
    expect(await decryptJson(rotated, old)).toEqual({ A: "1" });
    const fresh = await encryptJson(rotated, { B: "2" });
    expect(ciphertextKeyId(fresh)).toBe("k2");
    await expect(decryptJson(onlyK1, fresh)).rejects.toBeInstanceOf(DecryptionError);
  });

  it("re-wraps a record onto the active key so the old key can be retired", async () => {
    const old = await encryptJson(onlyK1, { A: "1" });
    const rewrapped = await rewrapCiphertext(rotated, old);
    expect(ciphertextKeyId(rewrapped)).toBe("k2");
    expect(rewrapped.split(".").slice(4)).toEqual(old.split(".").slice(4));
    expect(await decryptJson(onlyK2, rewrapped)).toEqual({ A: "1" });
    expect(await rewrapCiphertext(rotated, rewrapped)).toBe(rewrapped);
  });

  it("detects tampering with any part", async () => {
    const ciphertext = await encryptJson(env, { A: "1" });
    for (const part of [2, 3, 4, 5]) {
      await expect(decryptJson(env, flipByteOfPart(ciphertext, part))).rejects.toBeInstanceOf(
        DecryptionError,
      );
    }
  });

  it("refuses a ciphertext relabelled with another key id", async () => {
    const both = { ENCRYPTION_KEYS: JSON.stringify({ k1, k3: k1 }), ENCRYPTION_KEY_ID: "k1" };
    const ciphertext = await encryptJson(both, { A: "1" });
    const relabelled = ciphertext.replace(".k1.", ".k3.");
    await expect(decryptJson(both, relabelled)).rejects.toBeInstanceOf(DecryptionError);
  });

  it("refuses garbage and unknown key ids", async () => {
    await expect(decryptJson(env, "plain text")).rejects.toBeInstanceOf(DecryptionError);
    const ciphertext = await encryptJson(rotated, 1);
    await expect(decryptJson(onlyK1, ciphertext)).rejects.toThrow(/not configured/);
  });

  it("rejects a misconfigured keyring", async () => {
    const bad = [
      { ENCRYPTION_KEYS: "{", ENCRYPTION_KEY_ID: "k1" },
      { ENCRYPTION_KEYS: JSON.stringify({ k1: "c2hvcnQ=" }), ENCRYPTION_KEY_ID: "k1" },
      { ENCRYPTION_KEYS: JSON.stringify({ k1 }), ENCRYPTION_KEY_ID: "missing" },
      { ENCRYPTION_KEYS: JSON.stringify({ "bad.id": k1 }), ENCRYPTION_KEY_ID: "bad.id" },
    ];
    for (const config of bad) {
      await expect(encryptJson(config, 1)).rejects.toBeInstanceOf(KeyringConfigError);
    }
  });
});

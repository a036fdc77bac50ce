import { ID_PREFIXES, type IdKind } from "../contracts/index.ts";

const BASE32 = "0123456789abcdefghjkmnpqrstvwxyz";

/** One Crockford-style base32 character per byte, from its low 5 bits (no modulo bias). */
export function base32Of(bytes: Uint8Array, length: number): string {
  let out = "";
  for (const byte of bytes.subarray(0, length)) out += BASE32[byte & 31];
  return out;
}

/** `length` characters of Crockford-style base32, 5 random bits each. */
export const randomBase32 = (length: number): string =>
  base32Of(crypto.getRandomValues(new Uint8Array(length)), length);

/** A new prefixed id such as `ten_8m3k...`: 100 random bits, so ids are never reused. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase32(20)}`;
}

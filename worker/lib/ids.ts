import { ID_PREFIXES, type IdKind } from "../contracts/index.ts";

const BASE32 = "0123456789abcdefghjkmnpqrstvwxyz";

/** `length` characters of Crockford-style base32, 5 random bits each (no modulo bias). */
export function randomBase32(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}

/** A new prefixed id such as `ten_8m3k...`: 100 random bits, so ids are never reused. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase32(20)}`;
}

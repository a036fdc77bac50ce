import { fromBase64Url, toBase64Url } from "../crypto/base64.ts";

/** What a signed URL allows: the backup Job's one upload, or a restore Job's download. */
export type BackupObjectOperation = "put" | "get";

interface TokenClaims {
  /** The backup. */
  b: string;
  o: BackupObjectOperation;
  /** Expiry, Unix seconds. */
  e: number;
}

export const BACKUP_OBJECTS_PATH = "/v1/backup-objects";

const encoder = new TextEncoder();

/** Only the secret: the runner's tests serve these URLs from Node with the same code. */
interface UrlSecretEnv {
  JOB_TOKEN_SECRET: string;
}

/**
 * The HMAC key of backup URLs, derived from the job token secret with its own label, so a
 * job token can never pass for a backup URL nor the other way round.
 */
async function urlKey(env: UrlSecretEnv) {
  const secret = await crypto.subtle.importKey(
    "raw",
    encoder.encode(env.JOB_TOKEN_SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const derived = await crypto.subtle.sign("HMAC", secret, encoder.encode("enclave-backup-url-v1"));
  return crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** `<claims>.<signature>`, both base64url: the path segment of a backup object URL. */
export async function signBackupToken(
  env: UrlSecretEnv,
  backupId: string,
  operation: BackupObjectOperation,
  ttlSeconds: number,
  now = Date.now(),
): Promise<string> {
  const claims: TokenClaims = { b: backupId, o: operation, e: Math.floor(now / 1000) + ttlSeconds };
  const body = toBase64Url(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign("HMAC", await urlKey(env), encoder.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

export const backupObjectUrl = (origin: string, token: string): string =>
  `${origin}${BACKUP_OBJECTS_PATH}/${token}`;

/**
 * The backup a token grants `operation` on, or null when it is malformed, forged, for the
 * other operation or expired. The signature is checked by WebCrypto in constant time.
 */
export async function verifyBackupToken(
  env: UrlSecretEnv,
  token: string,
  operation: BackupObjectOperation,
  now = Date.now(),
): Promise<string | null> {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return null;
  let valid = false;
  let claims: Partial<TokenClaims>;
  try {
    valid = await crypto.subtle.verify(
      "HMAC",
      await urlKey(env),
      fromBase64Url(signature),
      encoder.encode(body),
    );
    claims = JSON.parse(new TextDecoder().decode(fromBase64Url(body))) as Partial<TokenClaims>;
  } catch {
    return null;
  }
  if (!valid || claims.o !== operation || typeof claims.b !== "string") return null;
  if (typeof claims.e !== "number" || claims.e * 1000 <= now) return null;
  return claims.b;
}

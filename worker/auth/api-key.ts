import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { platformConfigVersion } from "../db/platform-config.ts";
import { type D1Handle, preparedRead } from "../db/prepared.ts";
import { type ApiKeyScope, apiKeys, organizations } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { sha256Hex, timingSafeEqualDigests } from "../lib/hashing.ts";
import { randomBase32 } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";

const PREFIX_LENGTH = 12;
const SECRET_LENGTH = 32;
const KEY_PATTERN = /^enc_(live|test)_([0-9a-z]{12})_([0-9a-z]{32})$/;
/** Compared against when no key has the prefix, so a miss costs the same as a wrong secret. */
const DUMMY_HASH = "0".repeat(64);
/** last_used_at is refreshed at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** `enc_test_` keys belong to local mode, `enc_live_` to production; never interchangeable. */
const keyMode = (env: Pick<Env, "ENCLAVE_MODE">): "live" | "test" =>
  env.ENCLAVE_MODE === "local" ? "test" : "live";

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

/** Pure format check: anything that fails it is rejected without touching the database. */
export function parseApiKey(env: Pick<Env, "ENCLAVE_MODE">, token: string): ParsedApiKey | null {
  const match = KEY_PATTERN.exec(token);
  if (!match || match[1] !== keyMode(env)) return null;
  return { prefix: match[2] as string, secret: match[3] as string };
}

export const looksLikeApiKey = (token: string): boolean => token.startsWith("enc_");

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export async function generateApiKey(env: Pick<Env, "ENCLAVE_MODE">): Promise<GeneratedApiKey> {
  const prefix = randomBase32(PREFIX_LENGTH);
  const secret = randomBase32(SECRET_LENGTH);
  return {
    key: `enc_${keyMode(env)}_${prefix}_${secret}`,
    prefix,
    secretHash: await sha256Hex(secret),
  };
}

/** Every authenticated request runs it: prepared once per isolate. */
const keyByPrefix = preparedRead<{ prefix: string }, KeyRow[]>(["prefix"], (db, p) =>
  db
    .select({
      key: apiKeys,
      organizationPlan: organizations.plan,
      configVersion: platformConfigVersion,
    })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .where(eq(apiKeys.prefix, p.prefix))
    .limit(1)
    .prepare(),
);

interface KeyRow {
  key: typeof apiKeys.$inferSelect;
  organizationPlan: string | null;
  configVersion: string;
}

export interface VerifiedApiKey {
  id: string;
  organizationId: string;
  organizationPlan: string | null;
  scopes: ApiKeyScope[];
  rateLimit: number | null;
  /** The platform configuration's fingerprint, read in the same query. */
  configVersion: string;
  /** The results of the companion reads, in their order. */
  companions: D1Result[];
}

/**
 * Reads a route runs in the key lookup's round trip, bound on its handle with the key's
 * prefix: they select by the organization owning that prefix, and their results count only
 * once the key is verified.
 */
export type KeyCompanions = (d1: D1Handle, keyPrefix: string) => D1PreparedStatement[];

/**
 * Looks the key up by prefix, with its organization's plan in the same query, and compares
 * the secret's hash in constant time. Every request reads the key afresh: a revoked key fails
 * on the very next request. `companions` ride in the same round trip.
 */
export async function verifyApiKey(
  db: Database,
  key: ParsedApiKey,
  waitUntil: (promise: Promise<unknown>) => void,
  companions?: KeyCompanions,
): Promise<VerifiedApiKey | null> {
  const d1 = db.$client;
  const values = { prefix: key.prefix };
  const alongside = companions?.(d1, key.prefix) ?? [];
  let found: KeyRow | undefined;
  let companionResults: D1Result[] = [];
  if (alongside.length === 0) [found] = await keyByPrefix.all(d1, values);
  else {
    const [keyResult, ...rest] = await d1.batch([keyByPrefix.bind(d1, values), ...alongside]);
    [found] = keyByPrefix.fromBatch(keyResult as D1Result);
    companionResults = rest;
  }
  const hash = await sha256Hex(key.secret);
  const matches = timingSafeEqualDigests(hash, found?.key.secretHash ?? DUMMY_HASH);
  if (!found || !matches || found.key.revokedAt !== null) return null;
  const row = found.key;

  const lastUsed = row.lastUsedAt ? Date.parse(row.lastUsedAt) : 0;
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
    waitUntil(db.update(apiKeys).set({ lastUsedAt: nowIso() }).where(eq(apiKeys.id, row.id)).run());
  }
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationPlan: found.organizationPlan,
    scopes: row.scopes,
    rateLimit: row.rateLimit,
    configVersion: found.configVersion,
    companions: companionResults,
  };
}

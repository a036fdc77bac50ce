import type { Database } from "../db/client.ts";
import { type ApiKeyScope, apiKeys } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { newId } from "../lib/ids.ts";
import { nowIso } from "../lib/time.ts";
import { generateApiKey } from "./api-key.ts";

export interface NewApiKey {
  organizationId: string;
  name: string;
  scopes: ApiKeyScope[];
  /** The key's own requests per window, inside its organization's budget. */
  rateLimit?: number | null;
  createdBy: string;
}

/**
 * A new key's row insert (to join the caller's batch) and the full key, which exists only in
 * this return value: the database keeps the prefix and the secret's hash.
 */
export async function issueApiKey(db: Database, env: Env, input: NewApiKey) {
  const generated = await generateApiKey(env);
  const row = {
    id: newId("apiKey"),
    organizationId: input.organizationId,
    name: input.name,
    prefix: generated.prefix,
    secretHash: generated.secretHash,
    scopes: input.scopes,
    rateLimit: input.rateLimit ?? null,
    createdBy: input.createdBy,
    createdAt: nowIso(),
    lastUsedAt: null,
    revokedAt: null,
  };
  return { key: generated.key, row, insert: db.insert(apiKeys).values(row) };
}

/** A key as the API shows it: never the hash, never the secret. */
export const apiKeyView = (row: typeof apiKeys.$inferSelect) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  rateLimit: row.rateLimit,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
});

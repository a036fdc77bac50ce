import { sql } from "drizzle-orm";
import { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "./client.ts";
import { platformConfig } from "./schema.ts";

/**
 * The platform configuration: `platform_config` rows (one per top-level key) merged over the
 * typed defaults. A row that makes the result invalid throws: a misconfigured platform must
 * not provision with half-applied settings.
 */
export async function loadPlatformConfig(db: Database): Promise<PlatformConfig> {
  const rows = await db.select().from(platformConfig);
  const overrides: Record<string, unknown> = {};
  for (const row of rows) overrides[row.key] = row.value;
  return PlatformConfig.parse(overrides);
}

/**
 * A cheap fingerprint of the `platform_config` rows (how many, the newest write, their total
 * size): it changes with every write the admin API makes, so a parsed configuration cached
 * under it is never older than the request that read the fingerprint. Two writes of the same
 * key within one millisecond leaving the same total size are the one change it can miss.
 */
export const platformConfigVersion = sql<string>`(select count(*) || ':' || coalesce(max(${platformConfig.updatedAt}), '') || ':' || total(length(${platformConfig.value})) from ${platformConfig})`;

/** The fingerprint alone, for a request that reads nothing it could join it to. */
export async function readPlatformConfigVersion(db: Database): Promise<string> {
  const [row] = await db.select({ version: platformConfigVersion }).from(sql`(select 1)`);
  return row?.version ?? "";
}

let cached: { version: string; config: PlatformConfig } | undefined;

/**
 * The configuration for `version`, parsed once per isolate and version: parsing and validating
 * it is most of a small request's CPU time. Configuration decides no access, so this caches no
 * security decision.
 */
export async function platformConfigAt(db: Database, version: string): Promise<PlatformConfig> {
  if (cached?.version === version) return cached.config;
  const config = await loadPlatformConfig(db);
  cached = { version, config };
  return config;
}

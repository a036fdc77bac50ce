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

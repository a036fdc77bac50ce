import { eq } from "drizzle-orm";
import { PlatformConfig } from "../../contracts/index.ts";
import { auditInsert, platformAudit } from "../../db/audit.ts";
import { loadPlatformConfig } from "../../db/platform-config.ts";
import { platformConfig } from "../../db/schema.ts";
import { ApiError } from "../../errors/api-error.ts";
import { nowIso } from "../../lib/time.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type {
  DeleteConfigRoute,
  GetConfigRoute,
  PutConfigRoute,
} from "./platform-config.routes.ts";

const KEYS = Object.keys(PlatformConfig.shape);

function knownKey(key: string): string {
  if (!KEYS.includes(key)) {
    throw new ApiError(
      "not_found",
      `unknown configuration key ${key}; known keys: ${KEYS.join(", ")}`,
    );
  }
  return key;
}

export const getConfig: AppRouteHandler<GetConfigRoute> = async (c) =>
  c.json(await loadPlatformConfig(c.get("db")), 200);

export const putConfig: AppRouteHandler<PutConfigRoute> = async (c) => {
  const key = knownKey(c.req.valid("param").key);
  const { value } = c.req.valid("json");
  const db = c.get("db");
  const rows = await db.select().from(platformConfig);
  const overrides: Record<string, unknown> = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  overrides[key] = value;
  const parsed = PlatformConfig.safeParse(overrides);
  if (!parsed.success) {
    throw new ApiError(
      "validation_failed",
      "the configuration would be invalid",
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
      })),
    );
  }
  const updatedAt = nowIso();
  await db.batch([
    db
      .insert(platformConfig)
      .values({ key, value, updatedAt })
      .onConflictDoUpdate({ target: platformConfig.key, set: { value, updatedAt } }),
    auditInsert(
      db,
      platformAudit(c.get("requestId"), "platform_config.update", "platform_config", key),
    ),
  ]);
  return c.json(parsed.data, 200);
};

export const deleteConfig: AppRouteHandler<DeleteConfigRoute> = async (c) => {
  const key = knownKey(c.req.valid("param").key);
  const db = c.get("db");
  await db.batch([
    db.delete(platformConfig).where(eq(platformConfig.key, key)),
    auditInsert(
      db,
      platformAudit(c.get("requestId"), "platform_config.reset", "platform_config", key),
    ),
  ]);
  return c.json(await loadPlatformConfig(db), 200);
};

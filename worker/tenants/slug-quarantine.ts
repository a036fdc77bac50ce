import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { tenants } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";

const DAY_MS = 86_400_000;

/** Until when a tenant deleted at `deletedAt` keeps its slug from every new tenant. */
export const slugReservedUntil = (deletedAt: string, config: PlatformConfig): string =>
  new Date(Date.parse(deletedAt) + config.erasure.slugQuarantineDays * DAY_MS).toISOString();

/**
 * A deleted tenant's slug is not free at once: links, bookmarks and DNS caches still point at
 * `<slug>.<base domain>`, and a new tenant answering them would receive the old one's traffic.
 */
export async function assertSlugOutOfQuarantine(
  db: Database,
  config: PlatformConfig,
  slug: string,
  now = new Date(),
): Promise<void> {
  const [latest] = await db
    .select({ deletedAt: tenants.deletedAt })
    .from(tenants)
    .where(and(eq(tenants.slug, slug), isNotNull(tenants.deletedAt)))
    .orderBy(desc(tenants.deletedAt))
    .limit(1);
  if (!latest?.deletedAt) return;
  const until = slugReservedUntil(latest.deletedAt, config);
  if (Date.parse(until) > now.getTime()) {
    throw new ApiError(
      "slug_taken",
      `The slug "${slug}" belonged to a deleted tenant and is reserved until ${until}`,
    );
  }
}

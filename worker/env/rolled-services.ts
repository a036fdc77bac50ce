import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { deployments, type EnvRollout, type services, type tenants } from "../db/schema.ts";
import { type EnvMap, envValue } from "./env-changes.ts";

type ServiceRow = typeof services.$inferSelect;
type TenantRow = typeof tenants.$inferSelect;

/**
 * The services whose effective env a change of the shared set alters: a service that sets a
 * name itself does not see the shared value of that name.
 */
export const servicesSeeingShared = (rows: ServiceRow[], changed: string[]): string[] =>
  rows.filter((row) => changed.some((name) => !row.envKeys.includes(name))).map((row) => row.name);

/** Whether a change of a service's own set alters what it runs with, the shared set beneath. */
export const ownChangeShows = (
  shared: EnvMap,
  before: EnvMap,
  after: EnvMap,
  changed: string[],
): boolean =>
  changed.some(
    (name) =>
      (envValue(before, name) ?? envValue(shared, name)) !==
      (envValue(after, name) ?? envValue(shared, name)),
  );

const servingImages = (result: Record<string, unknown> | null): Record<string, unknown> => {
  const images = result?.images;
  return images && typeof images === "object" ? (images as Record<string, unknown>) : {};
};

/**
 * The rollout of an env change when the tenant serves what its records say: its latest
 * deployment is the one serving, and that deployment recorded an image for every service.
 * Otherwise (never ready, or a later change failed) null, and the full pipeline builds what
 * the records describe.
 */
export async function envRollout(
  db: Database,
  tenant: TenantRow,
  serviceRows: ServiceRow[],
  rolled: string[],
): Promise<EnvRollout | null> {
  if (!tenant.servingDeploymentId || tenant.servingDeploymentId !== tenant.lastDeploymentId) {
    return null;
  }
  const [serving] = await db
    .select({ result: deployments.result })
    .from(deployments)
    .where(eq(deployments.id, tenant.servingDeploymentId))
    .limit(1);
  const images = servingImages(serving?.result ?? null);
  const entries = serviceRows.map((row) => [row.name, images[row.name]] as const);
  if (entries.some(([, image]) => typeof image !== "string")) return null;
  return { services: rolled, images: Object.fromEntries(entries) as Record<string, string> };
}

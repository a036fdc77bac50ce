import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import { type EarlierBuild, ServiceBuild } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { deployments } from "../db/schema.ts";

/**
 * How many of the tenant's latest finished deployments are searched: enough to go back a few
 * releases (a rollback), while the spec stays small however long the tenant's history is.
 */
const SEARCHED_DEPLOYMENTS = 50;

/** Only what reuse needs of a recorded build: older results without a key are skipped. */
const RecordedBuilds = z.record(
  z.string(),
  ServiceBuild.pick({ key: true, digest: true, reusedFrom: true }),
);

/**
 * The builds the tenant's earlier deployments recorded, newest first, one per build key. A
 * failed deployment counts too, for the builds it finished: whether their images still exist
 * is the runner's question to the registry. A reused build names the deployment that built it.
 */
export async function earlierBuilds(
  db: Database,
  tenantId: string,
  deploymentId: string,
): Promise<EarlierBuild[]> {
  const rows = await db
    .select({ id: deployments.id, result: deployments.result })
    .from(deployments)
    .where(
      and(
        eq(deployments.tenantId, tenantId),
        eq(deployments.kind, "provision"),
        inArray(deployments.status, ["ready", "failed"]),
        ne(deployments.id, deploymentId),
      ),
    )
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(SEARCHED_DEPLOYMENTS);
  const found = new Map<string, EarlierBuild>();
  for (const row of rows) {
    const builds = RecordedBuilds.safeParse(row.result?.builds);
    if (!builds.success) continue;
    for (const { key, digest, reusedFrom } of Object.values(builds.data)) {
      if (key === null || found.has(key)) continue;
      found.set(key, { key, digest, deploymentId: reusedFrom ?? row.id });
    }
  }
  return [...found.values()];
}

import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { deployments, services } from "../db/schema.ts";

/**
 * Once a rollback is ready, the tenant's service records take the configuration it deployed
 * (source, port, health path; env stays as it is), so the next redeploy builds what serves.
 * A no-op for any other deployment, and for one that is not ready: it goes in the same batch
 * as the status write, after it.
 */
export function adoptRolledBackServices(
  db: Database,
  deploymentId: string,
  tenantId: string,
  now: string,
) {
  const recorded = (field: string) =>
    sql`(SELECT json_extract(recorded.value, ${`$.${field}`}) FROM ${deployments}, json_each(${deployments.services}) AS recorded WHERE ${deployments.id} = ${deploymentId} AND json_extract(recorded.value, '$.name') = ${services.name})`;
  return db
    .update(services)
    .set({
      source: recorded("source"),
      port: recorded("port"),
      healthPath: recorded("healthPath"),
      updatedAt: now,
    })
    .where(
      and(
        eq(services.tenantId, tenantId),
        sql`EXISTS (SELECT 1 FROM ${deployments}, json_each(${deployments.services}) AS recorded WHERE ${deployments.id} = ${deploymentId} AND ${deployments.rollbackOf} IS NOT NULL AND ${deployments.status} = 'ready' AND json_extract(recorded.value, '$.name') = ${services.name})`,
      ),
    );
}

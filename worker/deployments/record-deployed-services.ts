import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { deployments, services } from "../db/schema.ts";

/**
 * Records on the deployment the tenant's services as they are once the rest of its batch has
 * run: the configuration this deployment brings to the cluster, env values left out. It goes
 * last in the batch, after the request's own changes.
 */
export const recordDeployedServices = (db: Database, deploymentId: string, tenantId: string) =>
  db
    .update(deployments)
    .set({
      services: sql`(SELECT json_group_array(json_object('name', ${services.name}, 'source', json(${services.source}), 'port', ${services.port}, 'healthPath', ${services.healthPath})) FROM ${services} WHERE ${services.tenantId} = ${tenantId})`,
    })
    .where(eq(deployments.id, deploymentId));

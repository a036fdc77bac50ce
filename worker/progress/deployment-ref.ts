import type { DEPLOYMENT_KINDS } from "../db/schema.ts";
import type { Env } from "../env.ts";

/**
 * What the progress object needs to know about its deployment. Callers (the internal API, the
 * queue consumers, the stream routes) have just read the deployment row from D1 and pass this
 * along, so the object never needs its own D1 read to learn who it belongs to.
 */
export interface DeploymentRef {
  id: string;
  tenantId: string;
  organizationId: string;
  kind: (typeof DEPLOYMENT_KINDS)[number];
  /** The attempt D1 knows as current when the caller read the row. */
  attempt: number;
}

export const deploymentRef = (row: DeploymentRef): DeploymentRef => ({
  id: row.id,
  tenantId: row.tenantId,
  organizationId: row.organizationId,
  kind: row.kind,
  attempt: row.attempt,
});

/** The progress object of a deployment: one per deployment, addressed by its id. */
export const progressStub = (env: Env, deploymentId: string) =>
  env.PROGRESS.get(env.PROGRESS.idFromName(deploymentId));

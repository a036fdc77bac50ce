import { DeployedServiceSchema, MASKED_VALUE, type TenantView } from "../contracts/api/tenants.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import { pickColumns } from "../db/columns.ts";
import { deployments, tenants } from "../db/schema.ts";
import { type ServiceViewRow, serviceViews } from "../services/service-view.ts";

/**
 * The columns a tenant's view is made of, for the reads that build it: sealed values (the
 * environment, the database password), receipts and a deployment's recorded results stay in
 * the database, where they can be large and are never shown here.
 */
export const TENANT_VIEW_COLUMNS = pickColumns(tenants, [
  "id",
  "name",
  "slug",
  "plan",
  "status",
  "statusReason",
  "labels",
  "databaseEngine",
  "databaseVersion",
  "envKeys",
  "readyAt",
  "lastDeploymentId",
  "servingDeploymentId",
  "createdAt",
  "updatedAt",
]);
export const DEPLOYMENT_VIEW_COLUMNS = pickColumns(deployments, [
  "id",
  "trigger",
  "status",
  "statusReason",
  "failedStage",
  "services",
  "createdAt",
  "finishedAt",
]);

export type TenantViewRow = Pick<typeof tenants.$inferSelect, keyof typeof TENANT_VIEW_COLUMNS>;
export type DeploymentViewRow = Pick<
  typeof deployments.$inferSelect,
  keyof typeof DEPLOYMENT_VIEW_COLUMNS
>;

/** Variable names with every value masked: values are never shown back. */
export const maskedEnv = (keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, MASKED_VALUE] as const));

const deployedServices = (row: DeploymentViewRow) =>
  row.services === null
    ? null
    : row.services.map((service) =>
        DeployedServiceSchema.parse({
          name: service.name,
          source: service.source,
          port: service.port,
          healthPath: service.healthPath,
        }),
      );

/**
 * What the tenant is serving (its last ready deployment) apart from what its last deployment
 * tried: after a failed change the services show the new configuration, `serving` the one that
 * runs, and `lastDeployment` why they differ.
 */
function deploymentsView(row: TenantViewRow, deploymentRows: Map<string, DeploymentViewRow>) {
  const serving = row.servingDeploymentId ? deploymentRows.get(row.servingDeploymentId) : undefined;
  const last = row.lastDeploymentId ? deploymentRows.get(row.lastDeploymentId) : undefined;
  return {
    serving: serving
      ? {
          deploymentId: serving.id,
          finishedAt: serving.finishedAt,
          services: deployedServices(serving),
        }
      : null,
    lastDeployment: last
      ? {
          id: last.id,
          trigger: last.trigger,
          status: last.status,
          statusReason: last.statusReason,
          failedStage: last.failedStage,
          createdAt: last.createdAt,
          finishedAt: last.finishedAt,
          services: deployedServices(last),
        }
      : null,
  };
}

export const tenantView = (
  row: TenantViewRow,
  serviceRows: ServiceViewRow[],
  config: PlatformConfig,
  deploymentRows: Map<string, DeploymentViewRow>,
  domainRows: { tenantId: string; domain: string }[],
): TenantView => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  plan: row.plan,
  status: row.status,
  statusReason: row.statusReason,
  labels: row.labels,
  database:
    row.databaseEngine && row.databaseVersion
      ? { engine: row.databaseEngine, version: row.databaseVersion }
      : null,
  domains: domainRows.filter((d) => d.tenantId === row.id).map((d) => d.domain),
  url: `https://${row.slug}.${config.baseDomain}`,
  env: maskedEnv(row.envKeys),
  services: serviceViews(row, serviceRows, config),
  ...deploymentsView(row, deploymentRows),
  readyAt: row.readyAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

import { DeployedServiceSchema, MASKED_VALUE, type TenantView } from "../contracts/api/tenants.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import type { services, tenants } from "../db/schema.ts";
import { serviceViews } from "../services/service-view.ts";
import type { DeploymentRow } from "./tenant-deployments.ts";

type TenantRow = typeof tenants.$inferSelect;
type ServiceRow = typeof services.$inferSelect;

/** Variable names with every value masked: values are never shown back. */
export const maskedEnv = (keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, MASKED_VALUE] as const));

const deployedServices = (row: DeploymentRow) =>
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
function deploymentsView(row: TenantRow, deploymentRows: Map<string, DeploymentRow>) {
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
  row: TenantRow,
  serviceRows: ServiceRow[],
  config: PlatformConfig,
  deploymentRows: Map<string, DeploymentRow>,
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

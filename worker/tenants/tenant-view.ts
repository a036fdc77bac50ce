import { MASKED_VALUE, ServiceSchema, type TenantView } from "../contracts/api/tenants.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import type { services, tenants } from "../db/schema.ts";

type TenantRow = typeof tenants.$inferSelect;
type ServiceRow = typeof services.$inferSelect;

/** A service as the API shows it: variable names only, every value masked. */
const serviceView = (row: ServiceRow) =>
  ServiceSchema.parse({
    id: row.id,
    name: row.name,
    source: row.source,
    port: row.port,
    healthPath: row.healthPath,
    env: Object.fromEntries(row.envKeys.map((key) => [key, MASKED_VALUE])),
  });

export const tenantView = (
  row: TenantRow,
  serviceRows: ServiceRow[],
  config: PlatformConfig,
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
  domains: row.domains,
  url: `https://${row.slug}.${config.baseDomain}`,
  services: serviceRows.filter((s) => s.tenantId === row.id).map(serviceView),
  readyAt: row.readyAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

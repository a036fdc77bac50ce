import { MASKED_VALUE, ServiceSchema } from "../contracts/api/tenants.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import { services, type tenants } from "../db/schema.ts";

/** The columns a service's view is made of: its sealed environment stays in the database. */
export const SERVICE_VIEW_COLUMNS = {
  id: services.id,
  tenantId: services.tenantId,
  name: services.name,
  source: services.source,
  kind: services.kind,
  port: services.port,
  healthPath: services.healthPath,
  public: services.public,
  replicas: services.replicas,
  schedule: services.schedule,
  command: services.command,
  concurrencyPolicy: services.concurrencyPolicy,
  restartedAt: services.restartedAt,
  envKeys: services.envKeys,
  releaseCommand: services.releaseCommand,
  createdAt: services.createdAt,
};
export type ServiceViewRow = Pick<typeof services.$inferSelect, keyof typeof SERVICE_VIEW_COLUMNS>;
type ServiceRow = ServiceViewRow;
type TenantRow = Pick<typeof tenants.$inferSelect, "id" | "slug">;

/** The order the runner deploys services in, and the one that decides the first public one. */
export const byCreation = (a: ServiceRow, b: ServiceRow) =>
  a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name);

/**
 * Where each public service is reached: the first at `<slug>.<base domain>`, the others at
 * `<service>--<slug>.<base domain>`, as the runner routes them.
 */
export function publicUrls(
  tenant: TenantRow,
  rows: ServiceRow[],
  config: PlatformConfig,
): Map<string, string> {
  const routed = rows.filter((row) => row.public && row.kind === "web").sort(byCreation);
  return new Map(
    routed.map((row, index) => [
      row.name,
      index === 0
        ? `https://${tenant.slug}.${config.baseDomain}`
        : `https://${row.name}--${tenant.slug}.${config.baseDomain}`,
    ]),
  );
}

/** The tenant's services as the API shows them, in deploy order: env names only, values masked. */
export function serviceViews(tenant: TenantRow, rows: ServiceRow[], config: PlatformConfig) {
  const own = rows.filter((row) => row.tenantId === tenant.id).sort(byCreation);
  const urls = publicUrls(tenant, own, config);
  return own.map((row) =>
    ServiceSchema.parse({
      id: row.id,
      name: row.name,
      kind: row.kind,
      source: row.source,
      port: row.port,
      healthPath: row.healthPath,
      public: row.public,
      replicas: row.replicas,
      schedule: row.schedule,
      command: row.command,
      concurrencyPolicy: row.concurrencyPolicy,
      restartedAt: row.restartedAt,
      releaseCommand: row.releaseCommand,
      url: urls.get(row.name) ?? null,
      env: Object.fromEntries(row.envKeys.map((key) => [key, MASKED_VALUE] as const)),
    }),
  );
}

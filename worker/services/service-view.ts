import { MASKED_VALUE, ServiceSchema } from "../contracts/api/tenants.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import { pickColumns } from "../db/columns.ts";
import { services, type tenants } from "../db/schema.ts";

/** The columns a service's view is made of: its sealed environment stays in the database. */
export const SERVICE_VIEW_COLUMNS = pickColumns(services, [
  "id",
  "tenantId",
  "name",
  "source",
  "kind",
  "port",
  "healthPath",
  "public",
  "replicas",
  "schedule",
  "command",
  "concurrencyPolicy",
  "restartedAt",
  "envKeys",
  "releaseCommand",
  "createdAt",
]);
export type ServiceViewRow = Pick<typeof services.$inferSelect, keyof typeof SERVICE_VIEW_COLUMNS>;
type TenantRow = Pick<typeof tenants.$inferSelect, "id" | "slug">;

/** The order the runner deploys services in, and the one that decides the first public one. */
export const byCreation = (a: ServiceViewRow, b: ServiceViewRow) =>
  a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name);

/**
 * Where each public service is reached: the first at `<slug>.<base domain>`, the others at
 * `<service>--<slug>.<base domain>`, as the runner routes them.
 */
export function publicUrls(
  tenant: TenantRow,
  rows: ServiceViewRow[],
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
export function serviceViews(tenant: TenantRow, rows: ServiceViewRow[], config: PlatformConfig) {
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

import { eq, or, type Placeholder, sql } from "drizzle-orm";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { pickColumns } from "../db/columns.ts";
import { jsonRows } from "../db/json-rows.ts";
import { ownedTenantBy, tenantAddress } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { type D1Handle, preparedRead } from "../db/prepared.ts";
import { apiKeys, deployments, domains, services, tenants } from "../db/schema.ts";
import { notFound } from "../errors/api-error.ts";
import { SERVICE_VIEW_COLUMNS, type ServiceViewRow } from "../services/service-view.ts";
import {
  DEPLOYMENT_VIEW_COLUMNS,
  type DeploymentViewRow,
  TENANT_VIEW_COLUMNS,
  type TenantViewRow,
  tenantView,
} from "./tenant-view.ts";

type Owner = { owner: string; idOrSlug: string };
const OWNER = ["owner", "idOrSlug"] as const;
type Placeholders = { [K in keyof Owner]: Placeholder<K> };

const SERVICE_ROWS = jsonRows<ServiceViewRow>(SERVICE_VIEW_COLUMNS);
const DEPLOYMENT_ROWS = jsonRows<DeploymentViewRow>(DEPLOYMENT_VIEW_COLUMNS);
const DOMAIN_ROWS = jsonRows<DomainRow>(pickColumns(domains, ["tenantId", "domain", "createdAt"]));
type DomainRow = { tenantId: string; domain: string; createdAt: string };

/** The tenant's columns with its services, deployments and domains as JSON arrays. */
const VIEW_FIELDS = {
  ...TENANT_VIEW_COLUMNS,
  services: SERVICE_ROWS.gathered(services, eq(services.tenantId, tenants.id)).as("services"),
  deployments: DEPLOYMENT_ROWS.gathered(
    deployments,
    or(
      eq(deployments.id, tenants.lastDeploymentId),
      eq(deployments.id, tenants.servingDeploymentId),
    ),
  ).as("deployments"),
  domains: DOMAIN_ROWS.gathered(domains, eq(domains.tenantId, tenants.id)).as("domains"),
};
type ViewRow = TenantViewRow & { services: string; deployments: string; domains: string };

/**
 * The read of one tenant's view, prepared once per isolate for each way of naming the tenant
 * (id or slug) and its owner (the organization's id, or the prefix of an API key of it): this
 * is the API's most frequent request. One statement: the services, deployments and domains
 * are correlated sub-selects of the tenant row, each gathered into a JSON array.
 */
const viewRead = (by: "id" | "slug", owner: "organization" | "keyPrefix") => {
  const organization = (p: Placeholders) =>
    owner === "organization"
      ? p.owner
      : sql`(select ${apiKeys.organizationId} from ${apiKeys} where ${apiKeys.prefix} = ${p.owner})`;
  return preparedRead<Owner, ViewRow[]>(OWNER, (db, p) =>
    db
      .select(VIEW_FIELDS)
      .from(tenants)
      .where(ownedTenantBy(by, organization(p), p.idOrSlug))
      .limit(1)
      .prepare(),
  );
};
type ViewRead = ReturnType<typeof viewRead>;
const READS = {
  organization: { id: viewRead("id", "organization"), slug: viewRead("slug", "organization") },
  keyPrefix: { id: viewRead("id", "keyPrefix"), slug: viewRead("slug", "keyPrefix") },
};

function viewOf(read: ViewRead, result: D1Result, platform: PlatformConfig) {
  const [row] = read.fromBatch(result);
  if (!row) throw notFound("Tenant");
  const {
    services: serviceText,
    deployments: deploymentText,
    domains: domainText,
    ...tenant
  } = row;
  // In the order they were added, as the tenant's list of domains always shows them.
  const domainRows = DOMAIN_ROWS.parse(domainText).sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  return tenantView(
    tenant,
    SERVICE_ROWS.parse(serviceText),
    platform,
    new Map(DEPLOYMENT_ROWS.parse(deploymentText).map((deployment) => [deployment.id, deployment])),
    domainRows,
  );
}

/**
 * The reads of tenant `idOrSlug`'s view that an API key's lookup carries in its round trip
 * (`requireProvider`'s companions): they select through the organization that owns the key's
 * prefix, and `tenantViewOf` reads their results once the key is verified.
 */
export const tenantViewWithKey =
  (idOrSlug: string) =>
  (d1: D1Handle, keyPrefix: string): D1PreparedStatement[] => [
    READS.keyPrefix[tenantAddress(idOrSlug)].bind(d1, { owner: keyPrefix, idOrSlug }),
  ];

/** The tenant's view from the results of `tenantViewWithKey`'s reads; a 404 when none. */
export const tenantViewOf = (results: D1Result[], idOrSlug: string, config: PlatformConfig) =>
  viewOf(READS.keyPrefix[tenantAddress(idOrSlug)], results[0] as D1Result, config);

/**
 * The organization's tenant with its services and the deployments its view names, as the API
 * shows it; another's is a 404. One D1 round trip.
 */
export async function tenantWithServices(
  db: Database,
  organizationId: string,
  id: string,
  config?: PlatformConfig,
) {
  const read = READS.organization[tenantAddress(id)];
  const [result, platform] = await Promise.all([
    read.bind(db.$client, { owner: organizationId, idOrSlug: id }).all(),
    config ?? loadPlatformConfig(db),
  ]);
  return viewOf(read, result, platform);
}

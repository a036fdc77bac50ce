import { inArray, or, type Placeholder, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
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

/**
 * The reads of one tenant's view, prepared once per isolate for each way of naming the tenant
 * (id or slug) and its owner (the organization's id, or the prefix of an API key of it): this
 * is the API's most frequent request. The services, deployments and domains are selected
 * through sub-selects of the same owned-tenant condition, so none waits for the tenant row.
 */
const viewReads = (by: "id" | "slug", owner: "organization" | "keyPrefix") => {
  const organization = (p: Placeholders) =>
    owner === "organization"
      ? p.owner
      : sql`(select ${apiKeys.organizationId} from ${apiKeys} where ${apiKeys.prefix} = ${p.owner})`;
  const owned = (p: Placeholders) => ownedTenantBy(by, organization(p), p.idOrSlug);
  const ownedColumn = (db: Database, column: AnySQLiteColumn, p: Placeholders) =>
    db.select({ id: column }).from(tenants).where(owned(p));
  return {
    tenant: preparedRead<Owner, TenantViewRow[]>(OWNER, (db, p) =>
      db.select(TENANT_VIEW_COLUMNS).from(tenants).where(owned(p)).limit(1).prepare(),
    ),
    services: preparedRead<Owner, ServiceViewRow[]>(OWNER, (db, p) =>
      db
        .select(SERVICE_VIEW_COLUMNS)
        .from(services)
        .where(inArray(services.tenantId, ownedColumn(db, tenants.id, p)))
        .prepare(),
    ),
    deployments: preparedRead<Owner, DeploymentViewRow[]>(OWNER, (db, p) =>
      db
        .select(DEPLOYMENT_VIEW_COLUMNS)
        .from(deployments)
        .where(
          or(
            inArray(deployments.id, ownedColumn(db, tenants.lastDeploymentId, p)),
            inArray(deployments.id, ownedColumn(db, tenants.servingDeploymentId, p)),
          ),
        )
        .prepare(),
    ),
    domains: preparedRead<Owner, { tenantId: string; domain: string }[]>(OWNER, (db, p) =>
      db
        .select({ tenantId: domains.tenantId, domain: domains.domain })
        .from(domains)
        .where(inArray(domains.tenantId, ownedColumn(db, tenants.id, p)))
        .orderBy(domains.createdAt)
        .prepare(),
    ),
  };
};
type ViewReads = ReturnType<typeof viewReads>;
const READS = {
  organization: { id: viewReads("id", "organization"), slug: viewReads("slug", "organization") },
  keyPrefix: { id: viewReads("id", "keyPrefix"), slug: viewReads("slug", "keyPrefix") },
};

const bindView = (reads: ViewReads, d1: D1Handle, owner: Owner) => [
  reads.tenant.bind(d1, owner),
  reads.services.bind(d1, owner),
  reads.deployments.bind(d1, owner),
  reads.domains.bind(d1, owner),
];

function viewOf(reads: ViewReads, results: D1Result[], platform: PlatformConfig) {
  const [tenantResult, serviceResult, deploymentResult, domainResult] = results as [
    D1Result,
    D1Result,
    D1Result,
    D1Result,
  ];
  const [row] = reads.tenant.fromBatch(tenantResult);
  if (!row) throw notFound("Tenant");
  const deploymentRows = reads.deployments.fromBatch(deploymentResult);
  return tenantView(
    row,
    reads.services.fromBatch(serviceResult),
    platform,
    new Map(deploymentRows.map((deployment) => [deployment.id, deployment])),
    reads.domains.fromBatch(domainResult),
  );
}

/**
 * The reads of tenant `idOrSlug`'s view that an API key's lookup carries in its round trip
 * (`requireProvider`'s companions): they select through the organization that owns the key's
 * prefix, and `tenantViewOf` reads their results once the key is verified.
 */
export const tenantViewWithKey =
  (idOrSlug: string) =>
  (d1: D1Handle, keyPrefix: string): D1PreparedStatement[] =>
    bindView(READS.keyPrefix[tenantAddress(idOrSlug)], d1, { owner: keyPrefix, idOrSlug });

/** The tenant's view from the results of `tenantViewWithKey`'s reads; a 404 when none. */
export const tenantViewOf = (results: D1Result[], idOrSlug: string, config: PlatformConfig) =>
  viewOf(READS.keyPrefix[tenantAddress(idOrSlug)], results, config);

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
  const reads = READS.organization[tenantAddress(id)];
  const [results, platform] = await Promise.all([
    db.$client.batch(bindView(reads, db.$client, { owner: organizationId, idOrSlug: id })),
    config ?? loadPlatformConfig(db),
  ]);
  return viewOf(reads, results, platform);
}

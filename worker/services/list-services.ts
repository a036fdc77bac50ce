import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import { notFound } from "../errors/api-error.ts";
import { tenantWithServices } from "../tenants/find-tenant.ts";

/** The tenant's services as the API shows them; another organization's tenant is a 404. */
export async function listServices(
  db: Database,
  organizationId: string,
  tenantId: string,
  config?: PlatformConfig,
) {
  const tenant = await tenantWithServices(db, organizationId, tenantId, config);
  return { services: tenant.services };
}

/** One service of the tenant, by name. */
export async function getService(
  db: Database,
  organizationId: string,
  tenantId: string,
  name: string,
  config?: PlatformConfig,
) {
  const { services } = await listServices(db, organizationId, tenantId, config);
  const service = services.find((candidate) => candidate.name === name);
  if (!service) throw notFound("Service");
  return service;
}

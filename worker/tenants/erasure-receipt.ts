import type { Database } from "../db/client.ts";
import { findOwnedTenant } from "../db/ownership.ts";
import { loadPlatformConfig } from "../db/platform-config.ts";
import { ApiError } from "../errors/api-error.ts";
import { slugReservedUntil } from "./slug-quarantine.ts";

/** GET /v1/tenants/:id/erasure: what the tenant's erasure destroyed, and when. */
export async function erasureReceipt(db: Database, organizationId: string, id: string) {
  const tenant = await findOwnedTenant(db, organizationId, id);
  if (!tenant.erasure || !tenant.deletedAt) {
    throw new ApiError("invalid_state", `The tenant is ${tenant.status}; it has not been erased`);
  }
  const config = await loadPlatformConfig(db);
  return {
    tenantId: tenant.id,
    deletedAt: tenant.deletedAt,
    completedAt: tenant.erasure.completedAt,
    items: tenant.erasure.items,
    slugReservedUntil: slugReservedUntil(tenant.deletedAt, config),
  };
}

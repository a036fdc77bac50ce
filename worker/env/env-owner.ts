import {
  type SecretSlot,
  serviceEnvSlot,
  type TenantSecrets,
  tenantEnvSlot,
} from "../crypto/tenant-secrets.ts";
import type { Database } from "../db/client.ts";
import { findOwnedTenant, findTenantService } from "../db/ownership.ts";
import type { services, tenants } from "../db/schema.ts";
import type { EnvMap } from "./env-changes.ts";

type TenantRow = typeof tenants.$inferSelect;
type ServiceRow = typeof services.$inferSelect;

/** Whose variables a request reads or changes: the tenant's shared set or one service's own. */
export interface EnvOwner {
  tenant: TenantRow;
  service: ServiceRow | undefined;
  slot: SecretSlot;
  ciphertext: string | null;
  keys: string[];
}

/** The owner within the caller's organization: another organization's tenant is a 404. */
export async function findEnvOwner(
  db: Database,
  organizationId: string,
  tenantId: string,
  serviceName: string | undefined,
): Promise<EnvOwner> {
  const tenant = await findOwnedTenant(db, organizationId, tenantId);
  if (serviceName === undefined) {
    return {
      tenant,
      service: undefined,
      slot: tenantEnvSlot(tenant.id),
      ciphertext: tenant.envCiphertext,
      keys: tenant.envKeys,
    };
  }
  const service = await findTenantService(db, tenant.id, serviceName);
  return {
    tenant,
    service,
    slot: serviceEnvSlot(service.id),
    ciphertext: service.envCiphertext,
    keys: service.envKeys,
  };
}

export const openEnv = async (
  secrets: TenantSecrets,
  slot: SecretSlot,
  ciphertext: string | null,
): Promise<EnvMap> => (ciphertext ? secrets.open<EnvMap>(slot, ciphertext) : {});

/** The columns that store a set: sealed to its slot, and its names for masked listing. */
export const sealedEnvColumns = async (secrets: TenantSecrets, slot: SecretSlot, env: EnvMap) => {
  const envKeys = Object.keys(env);
  return {
    envCiphertext: envKeys.length > 0 ? await secrets.seal(slot, env) : null,
    envKeys,
  };
};

import { EnvVars } from "../contracts/api/tenants.ts";
import { serviceEnvSlot, type TenantSecrets } from "../crypto/tenant-secrets.ts";
import type { services } from "../db/schema.ts";
import { assertNoErrors } from "../tenants/tenant-rules.ts";

type ServiceRow = typeof services.$inferSelect;

/**
 * The service's env columns after setting and unsetting variables by name: opened only
 * here, sealed again before they are stored, and held to the same limits as on create.
 */
export async function changedEnv(
  secrets: TenantSecrets,
  service: ServiceRow,
  set: Record<string, string>,
  unset: string[],
): Promise<Pick<ServiceRow, "envCiphertext" | "envKeys">> {
  const current = service.envCiphertext
    ? await secrets.open<Record<string, string>>(serviceEnvSlot(service.id), service.envCiphertext)
    : {};
  const next = { ...current, ...set };
  for (const name of unset) delete next[name];
  const checked = EnvVars.safeParse(next);
  if (!checked.success) {
    assertNoErrors(
      checked.error.issues.map((issue) => ({ path: "envSet", message: issue.message })),
    );
  }
  const envKeys = Object.keys(next);
  return {
    envCiphertext: envKeys.length > 0 ? await secrets.seal(serviceEnvSlot(service.id), next) : null,
    envKeys,
  };
}

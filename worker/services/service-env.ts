import { EnvVars } from "../contracts/api/tenants.ts";
import { decryptJson, encryptJson } from "../crypto/index.ts";
import type { services } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { assertNoErrors } from "../tenants/tenant-rules.ts";

type ServiceRow = typeof services.$inferSelect;

/**
 * The service's env columns after setting and unsetting variables by name: decrypted only
 * here, re-encrypted before they are stored, and held to the same limits as on create.
 */
export async function changedEnv(
  env: Env,
  service: ServiceRow,
  set: Record<string, string>,
  unset: string[],
): Promise<Pick<ServiceRow, "envCiphertext" | "envKeys">> {
  const current = service.envCiphertext
    ? await decryptJson<Record<string, string>>(env, service.envCiphertext)
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
    envCiphertext: envKeys.length > 0 ? await encryptJson(env, next) : null,
    envKeys,
  };
}

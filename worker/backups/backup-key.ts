import type { KeyringEnv } from "../crypto/index.ts";
import { loadTenantKey } from "../crypto/tenant-keys.ts";
import type { Database } from "../db/client.ts";

/**
 * The passphrase one backup is encrypted with: HKDF-SHA-256 of the tenant's data key, salted
 * with the backup's id. It exists only in the spec of that backup's (or its restore's) job and
 * in the Secret its Job mounts; destroying the data key makes every backup of the tenant
 * unreadable, wherever a copy is left.
 */
export async function deriveBackupKey(
  db: Database,
  env: KeyringEnv,
  tenantId: string,
  backupId: string,
): Promise<string> {
  const dataKey = await loadTenantKey(db, env, tenantId);
  const raw = await crypto.subtle.exportKey("raw", dataKey);
  const hkdf = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new TextEncoder().encode(backupId),
      info: new TextEncoder().encode("enclave-backup-v1"),
    },
    hkdf,
    256,
  );
  return [...new Uint8Array(bits)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

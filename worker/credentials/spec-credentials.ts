import { asc, eq } from "drizzle-orm";
import type { SpecCredential } from "../contracts/index.ts";
import type { TenantSecrets } from "../crypto/tenant-secrets.ts";
import type { Database } from "../db/client.ts";
import { credentials } from "../db/schema.ts";
import { credentialSlot } from "./credential-slot.ts";

type Secret = { token?: string; username?: string; password?: string };

/** The tenant's credentials in plaintext, for the deployment spec only. */
export async function specCredentials(
  db: Database,
  tenantId: string,
  secrets: () => Promise<TenantSecrets>,
): Promise<SpecCredential[]> {
  const rows = await db
    .select()
    .from(credentials)
    .where(eq(credentials.tenantId, tenantId))
    .orderBy(asc(credentials.createdAt), asc(credentials.name));
  if (rows.length === 0) return [];
  const opener = await secrets();
  return Promise.all(
    rows.map(async (row): Promise<SpecCredential> => {
      const secret = await opener.open<Secret>(credentialSlot(row), row.secretCiphertext);
      return row.kind === "git"
        ? { kind: "git", name: row.name, host: row.host, token: secret.token ?? "" }
        : {
            kind: "registry",
            name: row.name,
            server: row.host ?? "",
            username: secret.username ?? "",
            password: secret.password ?? "",
          };
    }),
  );
}

import type { SecretSlot, TenantSecrets } from "../crypto/tenant-secrets.ts";

const PASSWORD_BYTES = 24;

/** The slot of the tenant's database password. */
export const databasePasswordSlot = (tenantId: string): SecretSlot => ({
  owner: `database:${tenantId}`,
  name: "password",
});

/** Hex, so it needs no escaping in a connection URL or a SQL literal. */
export function newDatabasePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(PASSWORD_BYTES));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A new password, sealed for the tenant: what a database's row stores. */
export const sealedNewDatabasePassword = (secrets: TenantSecrets, tenantId: string) =>
  secrets.seal(databasePasswordSlot(tenantId), newDatabasePassword());

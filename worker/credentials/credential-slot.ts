import type { SecretSlot } from "../crypto/tenant-secrets.ts";

/** A credential's secret is bound to its own row: sealed for one id and name, it opens for no other. */
export const credentialSlot = (credential: { id: string; name: string }): SecretSlot => ({
  owner: credential.id,
  name: credential.name,
});

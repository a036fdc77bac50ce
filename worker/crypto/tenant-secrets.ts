import type { Database } from "../db/client.ts";
import type { KeyringEnv } from "./index.ts";
import { decryptLegacy, isLegacyCiphertext } from "./legacy-envelope.ts";
import { type SealContext, seal, unseal } from "./sealed.ts";
import { loadTenantKey, newTenantKey } from "./tenant-keys.ts";

export interface TenantRef {
  id: string;
  organizationId: string;
}

/** Where a value lives: which owner (a service, a credential) and which of its values. */
export type SecretSlot = Pick<SealContext, "owner" | "name">;

/** The slot of a service's environment variables. */
export const serviceEnvSlot = (serviceId: string): SecretSlot => ({
  owner: `service:${serviceId}`,
  name: "env",
});

/** The slot of the variables shared by every service of a tenant. */
export const tenantEnvSlot = (tenantId: string): SecretSlot => ({
  owner: `tenant:${tenantId}`,
  name: "env",
});

/**
 * Seals and opens one tenant's secrets with its data key, each bound to its slot. Values still
 * in the first envelope format open as before until rotation moves them.
 */
export class TenantSecrets {
  readonly #env: KeyringEnv;
  readonly #tenant: TenantRef;
  readonly #key: CryptoKey;

  constructor(env: KeyringEnv, tenant: TenantRef, key: CryptoKey) {
    this.#env = env;
    this.#tenant = tenant;
    this.#key = key;
  }

  static async load(db: Database, env: KeyringEnv, tenant: TenantRef): Promise<TenantSecrets> {
    return new TenantSecrets(env, tenant, await loadTenantKey(db, env, tenant.id));
  }

  /** A new tenant's secrets, with the key row to write in the tenant's own batch. */
  static async create(env: KeyringEnv, tenant: TenantRef) {
    const { key, row } = await newTenantKey(env, tenant.id);
    return { secrets: new TenantSecrets(env, tenant, key), keyRow: row };
  }

  seal(slot: SecretSlot, value: unknown): Promise<string> {
    return seal(this.#key, this.#context(slot), value);
  }

  open<T = unknown>(slot: SecretSlot, text: string): Promise<T> {
    return isLegacyCiphertext(text)
      ? decryptLegacy<T>(this.#env, text)
      : unseal<T>(this.#key, this.#context(slot), text);
  }

  #context(slot: SecretSlot): SealContext {
    return { organizationId: this.#tenant.organizationId, tenantId: this.#tenant.id, ...slot };
  }
}

import type { ApiKeyScope } from "../db/schema.ts";

/**
 * Who is calling, taken from the credential only. `actor` is what audit rows record:
 * `key:<id>` or `user:<id>`.
 */
export interface Principal {
  organizationId: string;
  actor: string;
  scopes: readonly ApiKeyScope[];
  /** The organization's plan (null: the platform's default plan), which sets its API budget. */
  organizationPlan: string | null;
  /** The key's own share of that budget per window, when it has one. */
  keyRateLimit: number | null;
  /** The platform configuration's fingerprint when it was read with the credential. */
  configVersion?: string;
}

/** Scopes are ordered: admin includes write, write includes read. */
const RANK: Record<ApiKeyScope, number> = { read: 1, write: 2, admin: 3 };

export const hasScope = (principal: Principal, needed: ApiKeyScope): boolean =>
  principal.scopes.some((scope) => RANK[scope] >= RANK[needed]);

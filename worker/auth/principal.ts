import type { ApiKeyScope } from "../db/schema.ts";

/**
 * Who is calling, taken from the credential only. `actor` is what audit rows record:
 * `key:<id>` or `user:<id>`.
 */
export interface Principal {
  organizationId: string;
  actor: string;
  scopes: readonly ApiKeyScope[];
}

/** Scopes are ordered: admin includes write, write includes read. */
const RANK: Record<ApiKeyScope, number> = { read: 1, write: 2, admin: 3 };

export const hasScope = (principal: Principal, needed: ApiKeyScope): boolean =>
  principal.scopes.some((scope) => RANK[scope] >= RANK[needed]);

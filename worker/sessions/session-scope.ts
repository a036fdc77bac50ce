import type { Principal } from "../auth/principal.ts";
import type { Session } from "../contracts/api/session.ts";
import type { Database } from "../db/client.ts";
import type { Env } from "../env.ts";

/** What session code needs from a request that may not be authenticated yet. */
export interface SessionScope {
  env: Env;
  db: Database;
  waitUntil: (promise: Promise<unknown>) => void;
}

export const sessionView = (principal: Principal): Session => ({
  organizationId: principal.organizationId,
  actor: principal.actor,
  scopes: [...principal.scopes],
});

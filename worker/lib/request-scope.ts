import type { Context } from "hono";
import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db/client.ts";
import type { Env } from "../env.ts";
import type { Logger } from "./logger.ts";
import type { AppEnv } from "./types.ts";

/** What domain code needs from an authenticated provider request, taken from its context. */
export interface ProviderScope {
  env: Env;
  db: Database;
  logger: Logger;
  principal: Principal;
  requestId: string;
}

export const providerScope = (c: Context<AppEnv>): ProviderScope => ({
  env: c.env,
  db: c.get("db"),
  logger: c.get("logger"),
  principal: c.get("principal"),
  requestId: c.get("requestId"),
});

import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Principal } from "../auth/principal.ts";
import type { PlatformConfig } from "../contracts/index.ts";
import type { Database } from "../db/client.ts";
import type { Env } from "../env.ts";
import type { RunnerPrincipal } from "../tokens/runner-token.ts";
import type { Logger } from "./logger.ts";

export interface AppVariables {
  /** Set by the init middleware, with `db` and `logger`. */
  requestId: string;
  db: Database;
  logger: Logger;
  /** Set by the provider authentication middleware. */
  principal: Principal;
  /** The platform configuration, set with the principal (parsed once per isolate and version). */
  config: PlatformConfig;
  /** Results of the reads the route's API key lookup carried (`requireProvider`'s companions). */
  companions?: D1Result[];
  /** Set by the runner authentication of the /internal routes. */
  runner: RunnerPrincipal;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}

/** Handlers are typed by their route, so `c.req.valid(...)` and responses are checked. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

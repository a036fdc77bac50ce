import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Principal } from "../auth/principal.ts";
import type { Env } from "../env.ts";
import type { RunnerPrincipal } from "../tokens/runner-token.ts";

export interface AppVariables {
  requestId: string;
  /** Set by the provider authentication middleware. */
  principal: Principal;
  /** Set by the runner authentication of the /internal routes. */
  runner: RunnerPrincipal;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}

/** Handlers are typed by their route, so `c.req.valid(...)` and responses are checked. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

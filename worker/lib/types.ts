import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Principal } from "../auth/principal.ts";
import type { Env } from "../env.ts";

export interface AppVariables {
  requestId: string;
  /** Set by the provider authentication middleware. */
  principal: Principal;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}

/** Handlers are typed by their route, so `c.req.valid(...)` and responses are checked. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

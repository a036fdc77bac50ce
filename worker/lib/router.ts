import { OpenAPIHono } from "@hono/zod-openapi";
import { validationHook } from "../errors/problem.ts";
import type { AppEnv } from "./types.ts";

/** A router for one route group; validation failures become problem+json through the hook. */
export const createRouter = (): OpenAPIHono<AppEnv> =>
  new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook });

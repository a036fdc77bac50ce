import type { MiddlewareHandler } from "hono";
import { createDb } from "../db/client.ts";
import { randomBase32 } from "../lib/ids.ts";
import { createLogger } from "../lib/logger.ts";
import type { AppEnv } from "../lib/types.ts";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** A caller-supplied id is kept only when it cannot smuggle anything into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Runs first on every request: the request id, the database handle and a logger that stamps
 * the request id on every line go on the context once, so handlers and the domain code they
 * call share them instead of building their own. The principal is added by the route's
 * authentication middleware.
 */
export const init: MiddlewareHandler<AppEnv> = async (c, next) => {
  const supplied = c.req.header(REQUEST_ID_HEADER);
  const id = supplied && SANE_REQUEST_ID.test(supplied) ? supplied : `req_${randomBase32(24)}`;
  c.set("requestId", id);
  c.set("db", createDb(c.env.DB));
  c.set("logger", createLogger({ requestId: id }));
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
};

import type { MiddlewareHandler } from "hono";
import { randomBase32 } from "../lib/ids.ts";
import type { AppEnv } from "../lib/types.ts";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** A caller-supplied id is kept only when it cannot smuggle anything into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const supplied = c.req.header(REQUEST_ID_HEADER);
  const id = supplied && SANE_REQUEST_ID.test(supplied) ? supplied : `req_${randomBase32(24)}`;
  c.set("requestId", id);
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
};

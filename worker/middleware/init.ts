import type { MiddlewareHandler } from "hono";
import { createDb } from "../db/client.ts";
import { randomBase32 } from "../lib/ids.ts";
import { createLogger } from "../lib/logger.ts";
import type { AppEnv } from "../lib/types.ts";

export const REQUEST_ID_HEADER = "X-Request-Id";
/** The D1 Sessions bookmark a client sends back to read at least what it last saw or wrote. */
export const BOOKMARK_HEADER = "X-D1-Bookmark";

/** A caller-supplied id is kept only when it cannot smuggle anything into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const SANE_BOOKMARK = /^[A-Za-z0-9._:-]{1,256}$/;
const READS = new Set(["GET", "HEAD"]);

/**
 * Runs first on every request: the request id, the database handle and a logger that stamps
 * the request id on every line go on the context once, so handlers and the domain code they
 * call share them instead of building their own. The principal is added by the route's
 * authentication middleware.
 *
 * The handle is a D1 session: a read may be served by a read replica (no older than the
 * bookmark the client sends back), a write starts at the primary; the response carries the
 * session's bookmark for the client's next request.
 */
export const init: MiddlewareHandler<AppEnv> = async (c, next) => {
  const supplied = c.req.header(REQUEST_ID_HEADER);
  const id = supplied && SANE_REQUEST_ID.test(supplied) ? supplied : `req_${randomBase32(24)}`;
  c.set("requestId", id);
  c.set("logger", createLogger({ requestId: id }));
  const bookmark = c.req.header(BOOKMARK_HEADER);
  const session = c.env.DB.withSession(
    !READS.has(c.req.method)
      ? "first-primary"
      : bookmark && SANE_BOOKMARK.test(bookmark)
        ? bookmark
        : "first-unconstrained",
  );
  c.set("db", createDb(session));
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
  const latest = session.getBookmark();
  if (latest) c.res.headers.set(BOOKMARK_HEADER, latest);
};

import { and, eq, lt, or } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { idempotencyKeys } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { PROBLEM_CONTENT_TYPE } from "../errors/problem.ts";
import { sha256Hex } from "../lib/hashing.ts";
import { addSeconds, nowIso } from "../lib/time.ts";
import type { AppEnv } from "../lib/types.ts";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** A claim older than this is from a request that died mid-flight; the key is free again. */
const IN_PROGRESS_LEASE_SECONDS = 5 * 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Key order and whitespace do not make two bodies different. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What makes two requests "the same": the route and the canonical JSON body. */
export const requestFingerprint = (route: string, bodyText: string): Promise<string> =>
  sha256Hex(`${route}\n${bodyText ? canonicalJson(JSON.parse(bodyText)) : ""}`);

const replay = (status: number, body: string): Response =>
  new Response(body, {
    status,
    headers: {
      "content-type": status >= 400 ? PROBLEM_CONTENT_TYPE : "application/json",
      "Idempotent-Replayed": "true",
    },
  });

/**
 * `Idempotency-Key` on POST routes, scoped per organization and kept 24 hours: the same key
 * and body replay the first response; another body is 422; while the first request still
 * runs, 409. Only a success is kept: a refusal (4xx) or a server error (5xx) did nothing, so
 * it releases the key, and the request sent again runs again. A create refused because the
 * organization was at its plan's limit then succeeds once there is room, instead of replaying
 * the refusal for a day, and a corrected body may reuse the key.
 */
const idempotent =
  (scopeOf: (c: Context<AppEnv>) => string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError("validation_failed", "The Idempotency-Key header is invalid", [
        { path: IDEMPOTENCY_HEADER, message: "must be 1 to 255 printable ASCII characters" },
      ]);
    }
    const organizationId = scopeOf(c);
    const route = `${c.req.method} ${c.req.path}`;
    const requestHash = await requestFingerprint(route, await c.req.text());
    const db = c.get("db");
    const now = nowIso();
    const thisKey = and(
      eq(idempotencyKeys.organizationId, organizationId),
      eq(idempotencyKeys.key, key),
    );

    // Expired rows of the organization go here, so the table stays bounded without a cron.
    await db
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.organizationId, organizationId),
          or(
            lt(idempotencyKeys.expiresAt, now),
            and(
              eq(idempotencyKeys.key, key),
              eq(idempotencyKeys.state, "in_progress"),
              lt(idempotencyKeys.createdAt, addSeconds(now, -IN_PROGRESS_LEASE_SECONDS)),
            ),
          ),
        ),
      );
    const claimed = await db
      .insert(idempotencyKeys)
      .values({
        organizationId,
        key,
        route,
        requestHash,
        state: "in_progress",
        createdAt: now,
        expiresAt: addSeconds(now, IDEMPOTENCY_TTL_SECONDS),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });

    if (claimed.length === 0) {
      const [existing] = await db.select().from(idempotencyKeys).where(thisKey).limit(1);
      if (existing && (existing.route !== route || existing.requestHash !== requestHash)) {
        throw new ApiError("idempotency_key_reused");
      }
      if (!existing || existing.state === "in_progress" || existing.responseStatus === null) {
        throw new ApiError("idempotency_in_progress");
      }
      return replay(existing.responseStatus, existing.responseBody ?? "");
    }

    try {
      await next();
    } catch (error) {
      await db.delete(idempotencyKeys).where(thisKey);
      throw error;
    }
    if (c.res.status >= 400) {
      await db.delete(idempotencyKeys).where(thisKey);
      return;
    }
    await db
      .update(idempotencyKeys)
      .set({
        state: "completed",
        responseStatus: c.res.status,
        responseBody: await c.res.clone().text(),
      })
      .where(thisKey);
  };

export const idempotentPerOrganization = idempotent((c) => c.get("principal").organizationId);
/** Operator requests share one scope: there is one operator. */
export const idempotentForOperator = idempotent(() => "operator");

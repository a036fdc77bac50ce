import type { Context, MiddlewareHandler, Next } from "hono";
import { primaryDb } from "../db/client.ts";
import { platformConfigAt, readPlatformConfigVersion } from "../db/platform-config.ts";
import type { ApiKeyScope } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import { problemResponse } from "../errors/problem.ts";
import type { AppEnv } from "../lib/types.ts";
import { memberPrincipal, ORGANIZATION_HEADER } from "../members/membership.ts";
import { enforceRateLimit } from "../rate-limits/enforce.ts";
import { type KeyCompanions, looksLikeApiKey, parseApiKey, verifyApiKey } from "./api-key.ts";
import { looksLikeJwt, verifyJwt } from "./jwt.ts";
import { hasScope, type Principal } from "./principal.ts";
import { sessionCredential } from "./session-cookie.ts";

export const bearerToken = (header: string | undefined): string | null => {
  const match = /^Bearer ([^\s]+)$/.exec(header ?? "");
  return match?.[1] ?? null;
};

/** A credential of a known form: anything else is refused before the database is asked. */
const wellFormed = (env: AppEnv["Bindings"], token: string): boolean =>
  looksLikeApiKey(token) ? parseApiKey(env, token) !== null : looksLikeJwt(token);

/**
 * The principal of a credential, read at the primary (never a read replica's possibly older
 * copy): a key revoked a moment ago fails now. A user JWT acts in the organization it is a
 * member of (`requestedOrganization` chooses among several); a non-member is refused with 403.
 */
export async function authenticate(
  env: AppEnv["Bindings"],
  token: string,
  waitUntil: (promise: Promise<unknown>) => void,
  requestedOrganization: string | null = null,
  companions?: KeyCompanions,
): Promise<(Principal & { companions?: D1Result[] }) | null> {
  const db = primaryDb(env.DB);
  if (looksLikeApiKey(token)) {
    const parsed = parseApiKey(env, token);
    if (!parsed) return null;
    const key = await verifyApiKey(db, parsed, waitUntil, companions);
    return (
      key && {
        organizationId: key.organizationId,
        actor: `key:${key.id}`,
        scopes: key.scopes,
        organizationPlan: key.organizationPlan,
        keyRateLimit: key.rateLimit,
        configVersion: key.configVersion,
        companions: key.companions,
      }
    );
  }
  if (looksLikeJwt(token)) {
    const jwt = await verifyJwt(env, token);
    return jwt && memberPrincipal(db, jwt, requestedOrganization, waitUntil);
  }
  return null;
}

/**
 * Route middleware for provider endpoints: an API key or a user JWT, from the Authorization
 * header or else the dashboard's session cookie, then the scope check. The principal's
 * organization is the only organization the handler may touch.
 *
 * `companions` names reads of the route that an API key's lookup carries in its round trip
 * (their results are the context's `companions`); under a JWT the handler reads as usual.
 */
export const requireProvider =
  (
    scope: ApiKeyScope,
    companions?: (c: Context<AppEnv>) => KeyCompanions,
  ): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const token = bearerToken(c.req.header("authorization")) ?? sessionCredential(c);
    if (!token || !wellFormed(c.env, token)) throw new ApiError("unauthenticated");
    const db = c.get("db");
    const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
    const requested = c.req.header(ORGANIZATION_HEADER) ?? null;
    const authenticated = await authenticate(c.env, token, waitUntil, requested, companions?.(c));
    if (!authenticated) throw new ApiError("unauthenticated");
    const { companions: companionResults, ...principal } = authenticated;
    if (companionResults?.length) c.set("companions", companionResults);
    const version = principal.configVersion ?? (await readPlatformConfigVersion(db));
    const config = await platformConfigAt(db, version);
    c.set("principal", principal);
    c.set("config", config);
    await enforceRateLimit(c, checkScope(c, principal, scope, next), principal, config);
  };

const checkScope =
  (c: Context<AppEnv>, principal: Principal, scope: ApiKeyScope, next: Next) => async () => {
    if (!hasScope(principal, scope)) {
      c.res = problemResponse(
        c,
        new ApiError("forbidden", `This action needs the "${scope}" scope`),
      );
      return;
    }
    await next();
  };

import type { MiddlewareHandler } from "hono";
import type { Database } from "../db/client.ts";
import type { ApiKeyScope } from "../db/schema.ts";
import { ApiError } from "../errors/api-error.ts";
import type { AppEnv } from "../lib/types.ts";
import { looksLikeApiKey, parseApiKey, verifyApiKey } from "./api-key.ts";
import { looksLikeJwt, verifyJwt } from "./jwt.ts";
import { hasScope, type Principal } from "./principal.ts";
import { sessionCredential } from "./session-cookie.ts";
import { userPrincipal } from "./users.ts";

export const bearerToken = (header: string | undefined): string | null => {
  const match = /^Bearer ([^\s]+)$/.exec(header ?? "");
  return match?.[1] ?? null;
};

export async function authenticate(
  env: AppEnv["Bindings"],
  db: Database,
  token: string,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<Principal | null> {
  if (looksLikeApiKey(token)) {
    const parsed = parseApiKey(env, token);
    if (!parsed) return null;
    const key = await verifyApiKey(db, parsed, waitUntil);
    return (
      key && { organizationId: key.organizationId, actor: `key:${key.id}`, scopes: key.scopes }
    );
  }
  if (looksLikeJwt(token)) {
    const jwt = await verifyJwt(env, token);
    return jwt && userPrincipal(db, jwt);
  }
  return null;
}

/**
 * Route middleware for provider endpoints: an API key or a user JWT, from the Authorization
 * header or else the dashboard's session cookie, then the scope check. The principal's
 * organization is the only organization the handler may touch.
 */
export const requireProvider =
  (scope: ApiKeyScope): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const token = bearerToken(c.req.header("authorization")) ?? sessionCredential(c);
    const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
    const principal = token ? await authenticate(c.env, c.get("db"), token, waitUntil) : null;
    if (!principal) throw new ApiError("unauthenticated");
    if (!hasScope(principal, scope)) {
      throw new ApiError("forbidden", `This action needs the "${scope}" scope`);
    }
    c.set("principal", principal);
    await next();
  };

import type { Context } from "hono";
import { decodeJwt } from "jose";
import { looksLikeApiKey } from "../../auth/api-key.ts";
import { authenticate, bearerToken } from "../../auth/authenticate.ts";
import { verifyJwt } from "../../auth/jwt.ts";
import type { Principal } from "../../auth/principal.ts";
import {
  assertSameOrigin,
  clearSessionCookie,
  sessionCredential,
  setSessionCookie,
} from "../../auth/session-cookie.ts";
import { createDb } from "../../db/client.ts";
import { ApiError } from "../../errors/api-error.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { localSignIn, revokeLocalSessionKey } from "./local-sign-in.ts";
import { finishOidc, oidcConfigured, startOidc } from "./oidc.ts";
import type {
  CurrentRoute,
  LocalSignInRoute,
  OidcCallbackRoute,
  OidcStartRoute,
  OptionsRoute,
  SignInRoute,
  SignOutRoute,
} from "./session.routes.ts";

/** A session made from an API key lasts a working day; one from a JWT lasts as long as it. */
const API_KEY_SESSION_SECONDS = 12 * 60 * 60;

const waitUntil = (c: Context) => (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);

const sessionView = (principal: Principal) => ({
  organizationId: principal.organizationId,
  actor: principal.actor,
  scopes: [...principal.scopes],
});

export const options: AppRouteHandler<OptionsRoute> = (c) =>
  c.json({ local: c.env.ENCLAVE_MODE === "local", oidc: oidcConfigured(c.env) }, 200);

export const current: AppRouteHandler<CurrentRoute> = async (c) => {
  const token = bearerToken(c.req.header("authorization")) ?? sessionCredential(c);
  const principal = token ? await authenticate(c.env, token, waitUntil(c)) : null;
  return c.json(
    principal
      ? { signedIn: true as const, ...sessionView(principal) }
      : { signedIn: false as const },
    200,
  );
};

export const signIn: AppRouteHandler<SignInRoute> = async (c) => {
  assertSameOrigin(c);
  const { apiKey } = c.req.valid("json");
  const principal = looksLikeApiKey(apiKey)
    ? await authenticate(c.env, apiKey, waitUntil(c))
    : null;
  if (!principal) {
    throw new ApiError("unauthenticated", "The API key is not valid", [
      { path: "apiKey", message: "is not a valid, unrevoked API key" },
    ]);
  }
  setSessionCookie(c, apiKey, API_KEY_SESSION_SECONDS);
  return c.json(sessionView(principal), 200);
};

export const signInLocally: AppRouteHandler<LocalSignInRoute> = async (c) => {
  assertSameOrigin(c);
  const issued = await localSignIn(createDb(c.env.DB), c.env, c.get("requestId"));
  setSessionCookie(c, issued.key, API_KEY_SESSION_SECONDS);
  return c.json(
    {
      organizationId: issued.row.organizationId,
      actor: `key:${issued.row.id}`,
      scopes: issued.row.scopes,
    },
    200,
  );
};

export const signOut: AppRouteHandler<SignOutRoute> = async (c) => {
  const credential = sessionCredential(c);
  if (credential && looksLikeApiKey(credential)) {
    const principal = await authenticate(c.env, credential, waitUntil(c));
    if (principal?.actor.startsWith("key:")) {
      await revokeLocalSessionKey(createDb(c.env.DB), principal.actor.slice("key:".length));
    }
  }
  clearSessionCookie(c);
  return c.body(null, 204);
};

export const oidcStart: AppRouteHandler<OidcStartRoute> = async (c) =>
  c.redirect(await startOidc(c, c.env), 302);

export const oidcCallback: AppRouteHandler<OidcCallbackRoute> = async (c) => {
  const idToken = await finishOidc(c, c.env);
  const verified = idToken ? await verifyJwt(c.env, idToken) : null;
  if (!idToken || !verified) return c.redirect("/sign-in?error=oidc", 302);
  // verifyJwt required `exp`, so the session ends when the token does.
  setSessionCookie(c, idToken, (decodeJwt(idToken).exp ?? 0) - Date.now() / 1000);
  return c.redirect("/", 302);
};

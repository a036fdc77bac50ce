import type { Context } from "hono";
import { decodeJwt } from "jose";
import { bearerToken } from "../../auth/authenticate.ts";
import { verifyJwt } from "../../auth/jwt.ts";
import { finishOidc, oidcConfigured, startOidc } from "../../auth/oidc.ts";
import {
  assertSameOrigin,
  clearSessionCookie,
  sessionCredential,
  setSessionCookie,
} from "../../auth/session-cookie.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import { signInWithApiKey } from "../../sessions/api-key-sign-in.ts";
import { currentSession } from "../../sessions/current-session.ts";
import { localSignIn } from "../../sessions/local-sign-in.ts";
import { oidcMember } from "../../sessions/oidc-member.ts";
import type { SessionScope } from "../../sessions/session-scope.ts";
import { endSession } from "../../sessions/sign-out.ts";
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

const sessionScope = (c: Context<AppEnv>): SessionScope => ({
  env: c.env,
  db: c.get("db"),
  waitUntil: (promise) => c.executionCtx.waitUntil(promise),
});

export const options: AppRouteHandler<OptionsRoute> = (c) =>
  c.json({ local: c.env.ENCLAVE_MODE === "local", oidc: oidcConfigured(c.env) }, 200);

export const current: AppRouteHandler<CurrentRoute> = async (c) => {
  const credential = bearerToken(c.req.header("authorization")) ?? sessionCredential(c);
  return c.json(await currentSession(sessionScope(c), credential), 200);
};

export const signIn: AppRouteHandler<SignInRoute> = async (c) => {
  assertSameOrigin(c);
  const { apiKey } = c.req.valid("json");
  const session = await signInWithApiKey(sessionScope(c), apiKey);
  setSessionCookie(c, apiKey, API_KEY_SESSION_SECONDS);
  return c.json(session, 200);
};

export const signInLocally: AppRouteHandler<LocalSignInRoute> = async (c) => {
  assertSameOrigin(c);
  const { key, session } = await localSignIn(sessionScope(c), c.get("requestId"));
  setSessionCookie(c, key, API_KEY_SESSION_SECONDS);
  return c.json(session, 200);
};

export const signOut: AppRouteHandler<SignOutRoute> = async (c) => {
  await endSession(sessionScope(c), sessionCredential(c));
  clearSessionCookie(c);
  return c.body(null, 204);
};

export const oidcStart: AppRouteHandler<OidcStartRoute> = async (c) =>
  c.redirect(await startOidc(c, c.env), 302);

export const oidcCallback: AppRouteHandler<OidcCallbackRoute> = async (c) => {
  const idToken = await finishOidc(c, c.env);
  const verified = idToken ? await verifyJwt(c.env, idToken) : null;
  if (!idToken || !verified) return c.redirect("/sign-in?error=oidc", 302);
  if (!(await oidcMember(sessionScope(c), verified))) {
    return c.redirect("/sign-in?error=not_member", 302);
  }
  // verifyJwt required `exp`, so the session ends when the token does.
  setSessionCookie(c, idToken, (decodeJwt(idToken).exp ?? 0) - Date.now() / 1000);
  return c.redirect("/", 302);
};

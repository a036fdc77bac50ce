import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as oauth from "oauth4webapi";
import type { Env } from "../env.ts";
import { ApiError } from "../errors/api-error.ts";

/**
 * Dashboard users sign in at the provider's identity provider with the authorization code
 * flow and PKCE. The Worker is the OAuth client; the ID token it receives (issuer
 * JWT_ISSUER, audience OIDC_CLIENT_ID = JWT_AUDIENCE) becomes the session, verified on every
 * request like any user JWT.
 */
export type OidcEnv = Pick<
  Env,
  "JWT_ISSUER" | "OIDC_CLIENT_ID" | "OIDC_CLIENT_SECRET" | "OIDC_SCOPES"
>;

const FLOW_COOKIE = "enclave_oidc";
const FLOW_PATH = "/v1/session/oidc";
/** How long a user may take at the identity provider. */
const FLOW_TTL_SECONDS = 600;

const OIDC_FAILURES = [
  oauth.AuthorizationResponseError,
  oauth.ResponseBodyError,
  oauth.OperationProcessingError,
  oauth.WWWAuthenticateChallengeError,
];

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
}

export const oidcConfigured = (env: OidcEnv): boolean =>
  Boolean(env.JWT_ISSUER && env.OIDC_CLIENT_ID);

const callbackUrl = (c: Context) => new URL(`${FLOW_PATH}/callback`, c.req.url).toString();

async function authorizationServer(env: OidcEnv): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(env.JWT_ISSUER);
  const res = await oauth.discoveryRequest(issuer, { algorithm: "oidc" });
  return oauth.processDiscoveryResponse(issuer, res);
}

const clientAuth = (env: OidcEnv) =>
  env.OIDC_CLIENT_SECRET ? oauth.ClientSecretPost(env.OIDC_CLIENT_SECRET) : oauth.None();

/** The identity provider's authorization URL; the flow's secrets wait in a short-lived cookie. */
export async function startOidc(c: Context, env: OidcEnv): Promise<string> {
  if (!oidcConfigured(env)) throw new ApiError("not_found", "OIDC sign-in is not configured");
  const as = await authorizationServer(env);
  if (!as.authorization_endpoint)
    throw new Error("the identity provider has no authorization endpoint");
  const flow: Flow = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier: oauth.generateRandomCodeVerifier(),
  };
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set("client_id", env.OIDC_CLIENT_ID);
  url.searchParams.set("redirect_uri", callbackUrl(c));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", env.OIDC_SCOPES);
  url.searchParams.set("state", flow.state);
  url.searchParams.set("nonce", flow.nonce);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(flow.verifier));
  url.searchParams.set("code_challenge_method", "S256");
  // Lax, not Strict: the identity provider's redirect back is a cross-site navigation.
  setCookie(c, FLOW_COOKIE, btoa(JSON.stringify(flow)), {
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
    path: FLOW_PATH,
    maxAge: FLOW_TTL_SECONDS,
  });
  return url.toString();
}

function takeFlow(c: Context): Flow | null {
  const raw = getCookie(c, FLOW_COOKIE);
  deleteCookie(c, FLOW_COOKIE, { path: FLOW_PATH });
  if (!raw) return null;
  try {
    return JSON.parse(atob(raw)) as Flow;
  } catch {
    return null;
  }
}

/**
 * Checks state, redeems the code with the PKCE verifier and checks the ID token's nonce and
 * claims. Returns the ID token, or null when anything does not match.
 */
export async function finishOidc(c: Context, env: OidcEnv): Promise<string | null> {
  if (!oidcConfigured(env)) throw new ApiError("not_found", "OIDC sign-in is not configured");
  const flow = takeFlow(c);
  if (!flow) return null;
  const as = await authorizationServer(env);
  const client: oauth.Client = { client_id: env.OIDC_CLIENT_ID };
  try {
    const params = oauth.validateAuthResponse(as, client, new URL(c.req.url), flow.state);
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth(env),
      params,
      callbackUrl(c),
      flow.verifier,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, res, {
      expectedNonce: flow.nonce,
      requireIdToken: true,
    });
    return tokens.id_token ?? null;
  } catch (error) {
    // A refused or malformed answer is a failed sign-in; anything else is ours to report.
    if (OIDC_FAILURES.some((failure) => error instanceof failure)) return null;
    throw error;
  }
}

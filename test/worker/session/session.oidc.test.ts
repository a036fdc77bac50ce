import { afterEach, describe, expect, it, vi } from "vitest";
import { createOrg, JWT_AUDIENCE, JWT_ISSUER, request, signUserJwt } from "../harness.ts";
import { ORIGIN, sessionCookie } from "./support.ts";

const oidcEnv = { OIDC_CLIENT_ID: JWT_AUDIENCE, OIDC_SCOPES: "openid email" };
const AUTHORIZE = "https://idp.enclave.test/authorize";
const TOKEN = "https://idp.enclave.test/token";

afterEach(() => vi.unstubAllGlobals());

/**
 * The identity provider: discovery and a token endpoint that redeems `code` only with the
 * PKCE verifier whose S256 challenge the authorization request carried.
 */
function fakeIdentityProvider(idToken: (nonce: string) => Promise<string>) {
  const issued = new Map<string, { challenge: string; nonce: string }>();
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (req.url === `${JWT_ISSUER}.well-known/openid-configuration`) {
      return json({
        issuer: JWT_ISSUER,
        authorization_endpoint: AUTHORIZE,
        token_endpoint: TOKEN,
        id_token_signing_alg_values_supported: ["ES256"],
      });
    }
    if (req.url === TOKEN) {
      const form = await req.formData();
      const grant = issued.get(String(form.get("code") ?? ""));
      const digest = await crypto.subtle.digest(
        "SHA-256",
        new TextEncoder().encode(String(form.get("code_verifier") ?? "")),
      );
      const challenge = btoa(String.fromCharCode(...new Uint8Array(digest)))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "");
      if (!grant || grant.challenge !== challenge || form.get("client_id") !== JWT_AUDIENCE) {
        return json({ error: "invalid_grant" }, 400);
      }
      return json({
        access_token: "opaque",
        token_type: "Bearer",
        expires_in: 300,
        id_token: await idToken(grant.nonce),
      });
    }
    return new Response("unexpected request", { status: 500 });
  });
  /** What the provider does when the user signs in: a code bound to the request's challenge. */
  return (authorizationUrl: URL) => {
    const code = crypto.randomUUID();
    issued.set(code, {
      challenge: authorizationUrl.searchParams.get("code_challenge") ?? "",
      nonce: authorizationUrl.searchParams.get("nonce") ?? "",
    });
    return code;
  };
}

async function start() {
  const res = await request("/v1/session/oidc/start", { env: oidcEnv, redirect: "manual" });
  expect(res.status).toBe(302);
  const flowCookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("enclave_oidc="))!
    .split(";")[0]!;
  return { location: new URL(res.headers.get("location")!), flowCookie };
}

const callback = (query: string, cookie: string) =>
  request(`/v1/session/oidc/callback?${query}`, {
    env: oidcEnv,
    headers: { cookie },
    redirect: "manual",
  });

describe("sign-in through the identity provider (authorization code + PKCE)", () => {
  it("redirects there with a S256 challenge, state and nonce, and the returned ID token becomes the session", async () => {
    const org = await createOrg();
    const signInAtProvider = fakeIdentityProvider((nonce) =>
      signUserJwt({ orgId: org.orgId, subject: "carol", scope: "read", claims: { nonce } }),
    );
    const options = await request("/v1/session/options", { env: oidcEnv });
    expect(await options.json()).toMatchObject({ oidc: true });

    const { location, flowCookie } = await start();
    expect(`${location.origin}${location.pathname}`).toBe(AUTHORIZE);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: JWT_AUDIENCE,
      response_type: "code",
      scope: "openid email",
      code_challenge_method: "S256",
      redirect_uri: `${ORIGIN}/v1/session/oidc/callback`,
    });
    expect(location.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(flowCookie).not.toContain(location.searchParams.get("code_challenge"));

    const code = signInAtProvider(location);
    const state = location.searchParams.get("state")!;
    const res = await callback(`code=${code}&state=${state}`, flowCookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    const session = sessionCookie(res)!;
    expect(session.attributes).toMatch(/HttpOnly/);
    const me = await request("/v1/session", { headers: { cookie: session.pair } });
    expect(await me.json()).toMatchObject({
      signedIn: true,
      organizationId: org.orgId,
      scopes: ["read", "write", "admin"],
    });
  });

  it("signs in no one who is not a member of an organization", async () => {
    const org = await createOrg();
    await request("/v1/organization/members", {
      method: "POST",
      headers: org.headers,
      json: { subject: `admin-${crypto.randomUUID()}`, role: "admin" },
    });
    const signInAtProvider = fakeIdentityProvider((nonce) =>
      signUserJwt({ orgId: org.orgId, subject: "stranger", claims: { nonce } }),
    );
    const { location, flowCookie } = await start();
    const code = signInAtProvider(location);
    const res = await callback(
      `code=${code}&state=${location.searchParams.get("state")}`,
      flowCookie,
    );
    expect(res.headers.get("location")).toBe("/sign-in?error=not_member");
    expect(sessionCookie(res)).toBeNull();
  });

  it("a callback whose state does not match the browser's flow signs nobody in", async () => {
    const org = await createOrg();
    const signInAtProvider = fakeIdentityProvider((nonce) =>
      signUserJwt({ orgId: org.orgId, claims: { nonce } }),
    );
    const { location, flowCookie } = await start();
    const code = signInAtProvider(location);
    const res = await callback(`code=${code}&state=forged`, flowCookie);
    expect(res.headers.get("location")).toBe("/sign-in?error=oidc");
    expect(sessionCookie(res)).toBeNull();
    const noFlow = await callback(`code=${code}&state=${location.searchParams.get("state")}`, "");
    expect(noFlow.headers.get("location")).toBe("/sign-in?error=oidc");
  });

  it("an ID token minted for another sign-in (wrong nonce) is refused", async () => {
    const org = await createOrg();
    const signInAtProvider = fakeIdentityProvider(() =>
      signUserJwt({ orgId: org.orgId, claims: { nonce: "replayed" } }),
    );
    const { location, flowCookie } = await start();
    const code = signInAtProvider(location);
    const res = await callback(
      `code=${code}&state=${location.searchParams.get("state")}`,
      flowCookie,
    );
    expect(res.headers.get("location")).toBe("/sign-in?error=oidc");
    expect(sessionCookie(res)).toBeNull();
  });

  it("is off until a client id is configured", async () => {
    const res = await request("/v1/session/oidc/start", { redirect: "manual" });
    expect(res.status).toBe(404);
  });
});

import { describe, expect, it } from "vitest";
import { createOrg, request, tenantBody } from "../harness.ts";
import { createDevelopmentOrganization, fromDashboard, ORIGIN, sessionCookie } from "./support.ts";

describe("dashboard sessions", () => {
  it("an API key signs in: the cookie carries it, HttpOnly and SameSite=Strict, and the API accepts the cookie", async () => {
    const org = await createOrg();
    const res = await request("/v1/session", {
      method: "POST",
      headers: { origin: ORIGIN },
      json: { apiKey: org.key },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      organizationId: org.orgId,
      actor: `key:${org.keyId}`,
      scopes: ["read", "write", "admin"],
    });
    expect(JSON.stringify(body)).not.toContain(org.key);
    const cookie = sessionCookie(res);
    expect(cookie?.attributes).toMatch(/HttpOnly/);
    expect(cookie?.attributes).toMatch(/SameSite=Strict/);
    expect(cookie?.attributes).toMatch(/Path=\//);
    expect(cookie?.attributes).toMatch(/Max-Age=43200/);

    const session = await request("/v1/session", { headers: fromDashboard(cookie!.pair) });
    expect(await session.json()).toMatchObject({ signedIn: true, organizationId: org.orgId });
    const created = await request("/v1/tenants", {
      method: "POST",
      headers: fromDashboard(cookie!.pair),
      json: tenantBody(),
    });
    expect(created.status).toBe(202);
  });

  it("the cookie is Secure except over plain http on a loopback host", async () => {
    const org = await createOrg();
    const signIn = async (url: string) =>
      sessionCookie(
        await request(url, {
          method: "POST",
          headers: { origin: new URL(url).origin },
          json: { apiKey: org.key },
        }),
      )?.attributes;
    expect(await signIn("https://dash.example.com/v1/session")).toMatch(/Secure/);
    expect(await signIn("http://127.0.0.1:8787/v1/session")).not.toMatch(/Secure/);
    expect(await signIn("http://localhost:8787/v1/session")).not.toMatch(/Secure/);
  });

  it("locally the development organization signs in at once, and signing out retires the session's key", async () => {
    const orgId = await createDevelopmentOrganization();
    const options = await request("/v1/session/options");
    expect(await options.json()).toEqual({ local: true, oidc: false });

    const res = await request("/v1/session/local", { method: "POST", headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ organizationId: orgId });
    const cookie = sessionCookie(res)!;
    const headers = fromDashboard(cookie.pair);
    expect((await request("/v1/tenants", { headers })).status).toBe(200);

    const out = await request("/v1/session", { method: "DELETE", headers });
    expect(out.status).toBe(204);
    expect(sessionCookie(out)?.attributes).toMatch(/Max-Age=0/);
    expect((await request("/v1/tenants", { headers })).status).toBe(401);
    const after = await request("/v1/session", { headers });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ signedIn: false });
  });

  it("a page that is not signed in learns it without an error", async () => {
    const res = await request("/v1/session");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedIn: false });
  });
});

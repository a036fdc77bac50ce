import { describe, expect, it } from "vitest";
import { createOrg, problem, request, tenantBody } from "../harness.ts";
import { createDevelopmentOrganization, fromDashboard, ORIGIN, sessionCookie } from "./support.ts";

async function signedIn() {
  const org = await createOrg();
  const res = await request("/v1/session", {
    method: "POST",
    headers: { origin: ORIGIN },
    json: { apiKey: org.key },
  });
  return { org, cookie: sessionCookie(res)!.pair };
}

describe("dashboard session security", () => {
  it("a request that changes something with the cookie must come from this origin (CSRF)", async () => {
    const { cookie } = await signedIn();
    for (const origin of [undefined, "https://evil.example", "http://enclave.test:8080"]) {
      const headers: Record<string, string> = { cookie };
      if (origin) headers.origin = origin;
      const res = await request("/v1/tenants", { method: "POST", headers, json: tenantBody() });
      expect(res.status, String(origin)).toBe(403);
      expect((await problem(res)).code).toBe("forbidden");
    }
    const sameOrigin = await request("/v1/tenants", {
      method: "POST",
      headers: fromDashboard(cookie),
      json: tenantBody(),
    });
    expect(sameOrigin.status).toBe(202);
  });

  it("reads with the cookie need no Origin: a cross-site page cannot read the answers anyway", async () => {
    const { cookie } = await signedIn();
    expect((await request("/v1/tenants", { headers: { cookie } })).status).toBe(200);
  });

  it("sign-in itself refuses other origins, so no page elsewhere can sign a browser in", async () => {
    const { org } = await signedIn();
    const res = await request("/v1/session", {
      method: "POST",
      headers: { origin: "https://evil.example" },
      json: { apiKey: org.key },
    });
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeNull();
    const local = await request("/v1/session/local", {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    expect(local.status).toBe(403);
  });

  it("a wrong or revoked key sets no cookie and names the field", async () => {
    const { org, cookie } = await signedIn();
    const wrong = await request("/v1/session", {
      method: "POST",
      headers: { origin: ORIGIN },
      json: { apiKey: `${org.key}x` },
    });
    expect(wrong.status).toBe(401);
    expect((await problem(wrong)).errors).toEqual([
      { path: "apiKey", message: "is not a valid, unrevoked API key" },
    ]);
    expect(sessionCookie(wrong)).toBeNull();

    const revoke = await request(`/v1/api-keys/${org.keyId}`, {
      method: "DELETE",
      headers: fromDashboard(cookie),
    });
    expect(revoke.status).toBe(200);
    expect((await request("/v1/tenants", { headers: { cookie } })).status).toBe(401);
  });

  it("a header credential wins over the cookie, and another organization's object stays a 404", async () => {
    const { cookie } = await signedIn();
    const other = await createOrg();
    const created = await request("/v1/tenants", {
      method: "POST",
      headers: other.headers,
      json: tenantBody(),
    });
    const { tenant } = (await created.json()) as { tenant: { id: string } };
    expect((await request(`/v1/tenants/${tenant.id}`, { headers: { cookie } })).status).toBe(404);
    const both = await request(`/v1/tenants/${tenant.id}`, {
      headers: { cookie, ...other.headers },
    });
    expect(both.status).toBe(200);
  });

  it("there is no local sign-in outside local mode", async () => {
    await createDevelopmentOrganization();
    const res = await request("/v1/session/local", {
      method: "POST",
      headers: { origin: ORIGIN },
      env: { ENCLAVE_MODE: "live" },
    });
    expect(res.status).toBe(404);
    expect(sessionCookie(res)).toBeNull();
    const options = await request("/v1/session/options", { env: { ENCLAVE_MODE: "live" } });
    expect(await options.json()).toEqual({ local: false, oidc: false });
  });
});

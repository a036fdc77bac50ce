import { env } from "cloudflare:workers";
import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  bearer,
  createOrg,
  JWT_AUDIENCE,
  JWT_ISSUER,
  JWT_KID,
  JWT_PUBLIC_KEY_PEM,
  request,
  signUserJwt,
  tenantBody,
  testEnvOverrides,
} from "../harness.ts";
import type { AuditEntry, Page, TenantOperation } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

const listTenants = (token: string, overrides = {}) =>
  request("/v1/tenants", { headers: bearer(token), env: overrides });

describe("user JWTs", () => {
  it("authenticates a valid token, makes the first user its organization's admin and audits it as that user", async () => {
    const org = await createOrg();
    const token = await signUserJwt({ orgId: org.orgId, subject: "alice", scope: "read write" });
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: bearer(token),
      json: tenantBody(),
    });
    expect(res.status).toBe(202);
    const { tenant } = (await res.json()) as TenantOperation;
    const user = await env.DB.prepare(
      "SELECT id, role FROM users WHERE subject = 'alice' AND organization_id = ?",
    )
      .bind(org.orgId)
      .first<{ id: string; role: string }>();
    expect(user?.role).toBe("admin");
    const audit = (await (
      await request("/v1/audit", { headers: org.headers })
    ).json()) as Page<AuditEntry>;
    expect(audit.data.find((e) => e.targetId === tenant.id)?.actor).toBe(`user:${user?.id}`);
  });

  it("grants the member's role, whatever scopes the token names", async () => {
    const org = await createOrg();
    const subject = `viewer-${crypto.randomUUID()}`;
    const added = await request("/v1/organization/members", {
      method: "POST",
      headers: org.headers,
      json: { subject, role: "viewer" },
    });
    expect(added.status).toBe(201);
    const token = await signUserJwt({ orgId: org.orgId, subject, scope: "read write admin" });
    expect((await listTenants(token)).status).toBe(200);
    const post = await request("/v1/tenants", {
      method: "POST",
      headers: bearer(token),
      json: tenantBody(),
    });
    expect(post.status).toBe(403);
  });

  it("accepts a pinned PEM public key instead of a JWKS", async () => {
    const org = await createOrg();
    const token = await signUserJwt({ orgId: org.orgId });
    expect((await listTenants(token, { JWT_PUBLIC_KEY: JWT_PUBLIC_KEY_PEM })).status).toBe(200);
  });

  it("fetches keys from a JWKS URL", async () => {
    const jwksUrl = "https://idp.enclave.test/.well-known/jwks.json";
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== jwksUrl) throw new Error(`unexpected fetch ${url}`);
      return new Response(testEnvOverrides.JWT_PUBLIC_KEY, {
        headers: { "content-type": "application/json" },
      });
    });
    const org = await createOrg();
    const token = await signUserJwt({ orgId: org.orgId });
    expect((await listTenants(token, { JWT_JWKS_URL: jwksUrl, JWT_PUBLIC_KEY: "" })).status).toBe(
      200,
    );
    expect(fetchSpy).toHaveBeenCalled();
  });

  it("tolerates a small clock skew", async () => {
    const org = await createOrg();
    const token = await signUserJwt({ orgId: org.orgId, expiresIn: -5 });
    expect((await listTenants(token)).status).toBe(200);
  });
});

describe("rejected JWTs", () => {
  it.each([
    ["expired", { expiresIn: -600 }],
    ["wrong audience", { audience: "someone-else" }],
    ["wrong issuer", { issuer: "https://evil.example/" }],
    ["unknown kid", { kid: "rotated-away" }],
  ])("rejects a token with %s", async (_name, options) => {
    const org = await createOrg();
    const token = await signUserJwt({ orgId: org.orgId, ...options });
    const res = await listTenants(token);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("rejects alg: none", async () => {
    const org = await createOrg();
    const token = new UnsecuredJWT({ org_id: org.orgId, scope: "admin" })
      .setSubject("mallory")
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setExpirationTime("5m")
      .encode();
    expect((await listTenants(token)).status).toBe(401);
  });

  it("rejects HS256 signed with the public key, even if HS256 is configured", async () => {
    const org = await createOrg();
    const secret = new TextEncoder().encode(testEnvOverrides.JWT_PUBLIC_KEY);
    const token = await new SignJWT({ org_id: org.orgId })
      .setProtectedHeader({ alg: "HS256", kid: JWT_KID })
      .setSubject("mallory")
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setExpirationTime("5m")
      .sign(secret);
    expect((await listTenants(token)).status).toBe(401);
    expect((await listTenants(token, { JWT_ALGORITHMS: "HS256,ES256" })).status).toBe(401);
  });

  it("rejects a token signed by another key under the same kid", async () => {
    const org = await createOrg();
    const { privateKey } = await generateKeyPair("ES256");
    const token = await new SignJWT({ org_id: org.orgId })
      .setProtectedHeader({ alg: "ES256", kid: JWT_KID })
      .setSubject("mallory")
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setExpirationTime("5m")
      .sign(privateKey);
    expect((await listTenants(token)).status).toBe(401);
  });

  it("refuses a valid token of no member with 403, with or without an organization claim", async () => {
    const noOrg = await signUserJwt({ orgId: "", claims: { org_id: undefined } });
    expect((await listTenants(noOrg)).status).toBe(403);
    const unknown = await signUserJwt({ orgId: "org_00000000000000000000" });
    expect((await listTenants(unknown)).status).toBe(403);
  });

  it("keeps a subject in its organization when a token names another one", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const subject = `bob-${crypto.randomUUID()}`;
    expect((await listTenants(await signUserJwt({ orgId: a.orgId, subject }))).status).toBe(200);
    const naming = await request("/v1/organization", {
      headers: bearer(await signUserJwt({ orgId: b.orgId, subject })),
    });
    expect(await naming.json()).toMatchObject({ id: a.orgId });
  });

  it("refuses every JWT when no issuer is configured", async () => {
    const org = await createOrg();
    const token = await signUserJwt({ orgId: org.orgId });
    expect((await listTenants(token, { JWT_ISSUER: "" })).status).toBe(401);
  });

  it("cannot reach another organization's tenant", async () => {
    const owner = await createOrg();
    const intruder = await createOrg();
    const { tenant } = (await (
      await request("/v1/tenants", { method: "POST", headers: owner.headers, json: tenantBody() })
    ).json()) as TenantOperation;
    const token = await signUserJwt({ orgId: intruder.orgId, scope: "admin" });
    expect((await request(`/v1/tenants/${tenant.id}`, { headers: bearer(token) })).status).toBe(
      404,
    );
  });
});

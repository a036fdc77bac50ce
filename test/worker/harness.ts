import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { expect, vi } from "vitest";
import { app } from "../../worker/app.ts";
import type { JobMessage } from "../../worker/contracts/index.ts";
import type { ApiKeyScope } from "../../worker/db/schema.ts";
import type { Env } from "../../worker/env.ts";
import type { TenantOperation } from "./types.ts";

export const BASE_URL = "http://enclave.test";
export const OPERATOR_TOKEN = env.OPERATOR_TOKEN;

/** The identity provider the tests play: one ES256 key published as a local JWKS. */
export const JWT_ISSUER = "https://idp.enclave.test/";
export const JWT_AUDIENCE = "enclave-api";
export const JWT_KID = "test-key-1";
const signingKeys = await generateKeyPair("ES256", { extractable: true });
const jwks = {
  keys: [{ ...(await exportJWK(signingKeys.publicKey)), kid: JWT_KID, alg: "ES256" }],
};
/** The same public key as PEM, for configurations that pin a key instead of a JWKS. */
export const JWT_PUBLIC_KEY_PEM = await exportSPKI(signingKeys.publicKey);

/** Bindings for every request: the real ones (D1, Queue, secrets) plus the test JWT issuer. */
export const testEnvOverrides: Partial<Env> = {
  JWT_ISSUER,
  JWT_AUDIENCE,
  JWT_PUBLIC_KEY: JSON.stringify(jwks),
  JWT_JWKS_URL: "",
  JWT_ALGORITHMS: "ES256,RS256",
  JWT_ORG_CLAIM: "org_id",
};

/** The real bindings, typed as the Worker sees them (wrangler types `ENCLAVE_MODE` as a string). */
export const workerEnv = env as Env;

const withOverrides = (overrides: Partial<Env>): Env =>
  new Proxy(workerEnv, {
    get: (target, prop) =>
      prop in overrides ? overrides[prop as keyof Env] : target[prop as keyof Env],
  });

export interface RequestOptions extends Omit<RequestInit, "body"> {
  /** Serialized as the JSON body, with `content-type: application/json`. */
  json?: unknown;
  body?: BodyInit | null;
  env?: Partial<Env>;
}

/** Sends a request through the Worker's app with the real bindings, waiting for waitUntil work. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const { json, env: overrides, ...init } = options;
  const headers = new Headers(init.headers);
  if (json !== undefined) {
    headers.set("content-type", "application/json");
    init.body = JSON.stringify(json);
  }
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(new URL(path, BASE_URL), { ...init, headers }),
    withOverrides({ ...testEnvOverrides, ...overrides }),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TestOrg {
  orgId: string;
  keyId: string;
  key: string;
  /** Authorization header of the key; spread into `headers`. */
  headers: { authorization: string };
}

let orgCounter = 0;

/** A new organization and a key with `scopes` (all of them by default), through the real API. */
export async function createOrg(
  scopes: ApiKeyScope[] = ["read", "write", "admin"],
): Promise<TestOrg> {
  orgCounter += 1;
  const res = await request("/v1/admin/organizations", {
    method: "POST",
    headers: bearer(OPERATOR_TOKEN),
    json: { name: `Test org ${orgCounter}` },
  });
  if (res.status !== 201) throw new Error(`createOrg: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as {
    organization: { id: string };
    apiKey: { id: string; key: string };
  };
  const orgId = created.organization.id;
  const full = ["read", "write", "admin"].every((s) => scopes.includes(s as ApiKeyScope));
  if (full) {
    const { id, key } = created.apiKey;
    return { orgId, keyId: id, key, headers: bearer(key) };
  }
  const keyRes = await request("/v1/api-keys", {
    method: "POST",
    headers: bearer(created.apiKey.key),
    json: { name: `scoped ${scopes.join("+")}`, scopes },
  });
  if (keyRes.status !== 201) throw new Error(`createOrg key: ${keyRes.status}`);
  const scoped = (await keyRes.json()) as { apiKey: { id: string }; key: string };
  return { orgId, keyId: scoped.apiKey.id, key: scoped.key, headers: bearer(scoped.key) };
}

export interface UserJwtOptions {
  orgId: string;
  subject?: string;
  scope?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  kid?: string;
  claims?: JWTPayload;
}

/** A user token from the test identity provider, valid unless an option says otherwise. */
export async function signUserJwt(options: UserJwtOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    org_id: options.orgId,
    scope: options.scope ?? "read write",
    ...options.claims,
  })
    .setProtectedHeader({ alg: "ES256", kid: options.kid ?? JWT_KID })
    .setSubject(options.subject ?? `user-${crypto.randomUUID()}`)
    .setIssuer(options.issuer ?? JWT_ISSUER)
    .setAudience(options.audience ?? JWT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .sign(signingKeys.privateKey);
}

/** Records every job sent to the real jobs Queue from now on (the send still happens). */
export function captureJobs(): JobMessage[] {
  const sent: JobMessage[] = [];
  const original = env.JOBS.send.bind(env.JOBS);
  vi.spyOn(env.JOBS, "send").mockImplementation(async (message, options) => {
    sent.push(message as JobMessage);
    return original(message, options);
  });
  return sent;
}

/** A valid tenant body; override any field. */
export function tenantBody(overrides: Record<string, unknown> = {}) {
  return {
    name: "Acme Corp",
    slug: `acme-${crypto.randomUUID().slice(0, 8)}`,
    plan: "starter",
    services: [
      {
        name: "web",
        source: { type: "git", url: "https://github.com/acme/app.git", ref: "main", path: "." },
        port: 3000,
        healthPath: "/healthz",
        env: { LOG_LEVEL: "info", API_TOKEN: "s3cr3t-value" },
      },
    ],
    database: { engine: "postgres", version: "16" },
    ...overrides,
  };
}

/** A tenant created through the API (202), with its first deployment queued. */
export async function createTenant(org: TestOrg, overrides: Record<string, unknown> = {}) {
  const res = await request("/v1/tenants", {
    method: "POST",
    headers: org.headers,
    json: tenantBody(overrides),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as TenantOperation;
}

export async function problem(res: Response) {
  return (await res.json()) as {
    type: string;
    title: string;
    status: number;
    code: string;
    detail: string;
    requestId: string;
    errors?: { path: string; message: string }[];
  };
}

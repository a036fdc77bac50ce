import {
  createLocalJWKSet,
  createRemoteJWKSet,
  importSPKI,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import type { Env } from "../env.ts";

/**
 * Only asymmetric algorithms: `none` and every HS* are never accepted, whatever the
 * configuration says, so a public key can never be used as an HMAC secret.
 */
const ASYMMETRIC_ALGORITHMS = new Set([
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
]);
/** Skew tolerated between the identity provider's clock and ours. */
const CLOCK_TOLERANCE_SECONDS = 30;

export type JwtEnv = Pick<
  Env,
  | "JWT_ISSUER"
  | "JWT_AUDIENCE"
  | "JWT_JWKS_URL"
  | "JWT_PUBLIC_KEY"
  | "JWT_ORG_CLAIM"
  | "JWT_ALGORITHMS"
>;

export const looksLikeJwt = (token: string): boolean => token.split(".").length === 3;

export const allowedAlgorithms = (env: JwtEnv): string[] =>
  env.JWT_ALGORITHMS.split(",")
    .map((alg) => alg.trim())
    .filter((alg) => ASYMMETRIC_ALGORITHMS.has(alg));

/** Key resolvers are cached per isolate so a remote JWKS is fetched once, not per request. */
const keyCache = new Map<string, JWTVerifyGetKey>();

function keyResolver(env: JwtEnv): JWTVerifyGetKey | null {
  const source = env.JWT_JWKS_URL || env.JWT_PUBLIC_KEY;
  if (!source) return null;
  const cached = keyCache.get(source);
  if (cached) return cached;
  const resolver = buildResolver(env);
  keyCache.set(source, resolver);
  return resolver;
}

function buildResolver(env: JwtEnv): JWTVerifyGetKey {
  if (env.JWT_JWKS_URL) return createRemoteJWKSet(new URL(env.JWT_JWKS_URL));
  const configured = env.JWT_PUBLIC_KEY.trim();
  if (configured.startsWith("{")) {
    const parsed = JSON.parse(configured) as { keys?: unknown[] };
    const jwks = Array.isArray(parsed.keys) ? parsed : { keys: [parsed] };
    return createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
  }
  return (header) => importSPKI(configured, header.alg ?? "");
}

export interface VerifiedJwt {
  issuer: string;
  subject: string;
  /** The organization claim: which organization a first user of it joins. */
  organizationId: string | null;
  email: string | null;
}

/**
 * Verifies signature, issuer, audience, expiry and algorithm. Null for any failure: the caller
 * answers 401 without saying which check failed.
 */
export async function verifyJwt(env: JwtEnv, token: string): Promise<VerifiedJwt | null> {
  const algorithms = allowedAlgorithms(env);
  const resolver = keyResolver(env);
  if (!env.JWT_ISSUER || !env.JWT_AUDIENCE || !resolver || algorithms.length === 0) return null;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, resolver, {
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      algorithms,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "sub"],
    }));
  } catch {
    return null;
  }
  if (!payload.sub) return null;
  const organizationId = payload[env.JWT_ORG_CLAIM];
  return {
    issuer: env.JWT_ISSUER,
    subject: payload.sub,
    organizationId: typeof organizationId === "string" ? organizationId : null,
    email: typeof payload.email === "string" ? payload.email : null,
  };
}

import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ApiError } from "../errors/api-error.ts";

/**
 * The dashboard's session: the credential itself (an API key, or the identity provider's
 * JWT) in an HttpOnly cookie, so page scripts never hold it and it never sits in a URL or in
 * localStorage. Every request verifies it exactly like an Authorization header.
 */
export const SESSION_COOKIE = "enclave_session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Browsers drop Secure cookies over plain http, which only the local stack uses. */
const secureFor = (url: URL) => !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));

export function setSessionCookie(c: Context, credential: string, maxAgeSeconds: number): void {
  const url = new URL(c.req.url);
  setCookie(c, SESSION_COOKIE, credential, {
    httpOnly: true,
    secure: secureFor(url),
    sameSite: "Strict",
    path: "/",
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, {
    httpOnly: true,
    secure: secureFor(new URL(c.req.url)),
    sameSite: "Strict",
    path: "/",
  });
}

/**
 * Cookies ride along on cross-site requests a page elsewhere makes, so a request that changes
 * something must prove it comes from the dashboard's own origin. Browsers always send Origin
 * on such requests and pages cannot forge it.
 */
export function assertSameOrigin(c: Context): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  if (c.req.header("origin") !== new URL(c.req.url).origin) {
    throw new ApiError("forbidden", "Cross-origin request refused");
  }
}

/** The session's credential, or null; a state-changing request must come from this origin. */
export function sessionCredential(c: Context): string | null {
  const credential = getCookie(c, SESSION_COOKIE);
  if (!credential) return null;
  assertSameOrigin(c);
  return credential;
}

import type { Env } from "../env.ts";

/**
 * Paths the API answers; everything else is the dashboard. The Worker runs first for every
 * request (`run_worker_first`), so the dashboard's documents carry the headers below.
 */
const API_PATH = /^\/(v1|internal)(\/|$)|^\/docs(\/|$)/;

export const isApiPath = (url: URL): boolean => API_PATH.test(url.pathname);

/**
 * Everything the dashboard loads is its own bundle, so the policy allows only this origin:
 * no inline script or style, no framing, no plugins, no other hosts.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": DASHBOARD_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

/** Static assets (unknown paths answer index.html: the dashboard routes in the browser). */
export async function serveDashboard(request: Request, env: Pick<Env, "ASSETS">) {
  const asset = await env.ASSETS.fetch(request);
  const res = new Response(asset.body, asset);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
  return res;
}

// Text modules: the dashboard's three built files ship inside the Worker, which serves them
// itself. `build/ensure-built.ts` builds them (and copies them to `dist/worker/` as `.txt`, which
// wrangler imports as text) before `wrangler dev` or the tests bundle the Worker;
// `npm run dashboard:build` does before `wrangler deploy`.
import { sha256Hex } from "../lib/hashing.ts";
import styles from "./dist/worker/assets/dashboard.css.txt";
import script from "./dist/worker/assets/dashboard.js.txt";
import page from "./dist/worker/index.html.txt";

/**
 * Paths the API answers; everything else is the dashboard. Serving the dashboard from the
 * Worker rather than from Workers Static Assets keeps the asset router out of every API
 * request's path, and puts the headers below on every document.
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

interface DashboardFile {
  body: string;
  contentType: string;
  /** Computed once per isolate, on first use. */
  etag?: Promise<string>;
}

const PAGE: DashboardFile = { body: page, contentType: "text/html; charset=utf-8" };
const FILES: Record<string, DashboardFile> = {
  "/assets/dashboard.js": { body: script, contentType: "text/javascript; charset=utf-8" },
  "/assets/dashboard.css": { body: styles, contentType: "text/css; charset=utf-8" },
};

/** The dashboard's routes are the browser's: any other path is the page, which routes itself. */
const fileFor = (pathname: string): DashboardFile | undefined =>
  FILES[pathname] ?? (pathname.startsWith("/assets/") ? undefined : PAGE);

const etagOf = (file: DashboardFile): Promise<string> => {
  file.etag ??= sha256Hex(file.body).then((hex) => `"${hex.slice(0, 32)}"`);
  return file.etag;
};

/** `If-None-Match` names the ETag (or `*`); weak validators compare equal too (RFC 9110 13.1.2). */
const matches = (header: string | null, etag: string): boolean =>
  (header ?? "").split(",").some((tag) => {
    const value = tag.trim();
    return value === "*" || value.replace(/^W\//, "") === etag;
  });

function respond(status: number, headers: Record<string, string>, body: string | null = null) {
  const res = new Response(body, { status, headers });
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
  return res;
}

/**
 * The dashboard's files. Their names are fixed, so caches revalidate them (`no-cache` with an
 * ETag: a 304 when unchanged) instead of keeping a stale script after a deploy.
 */
export async function serveDashboard(request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return respond(
      405,
      { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" },
      "Method Not Allowed\n",
    );
  }
  const file = fileFor(new URL(request.url).pathname);
  if (!file) return respond(404, { "content-type": "text/plain; charset=utf-8" }, "Not Found\n");
  const etag = await etagOf(file);
  const headers = { "content-type": file.contentType, etag, "cache-control": "no-cache" };
  if (matches(request.headers.get("if-none-match"), etag)) return respond(304, headers);
  return respond(200, headers, request.method === "HEAD" ? null : file.body);
}

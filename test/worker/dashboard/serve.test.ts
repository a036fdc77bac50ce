import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DASHBOARD_CSP } from "../../../worker/dashboard/serve.ts";

const get = (path: string, init?: RequestInit) =>
  SELF.fetch(new URL(path, "http://enclave.test"), init);

describe("the dashboard served by the Worker", () => {
  it("answers / with the built page under a strict Content-Security-Policy", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("answers the dashboard's own routes with the same page, so a reload stays put", async () => {
    const res = await get("/tenants/ten_0123456789abcdefghjk");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
    expect(await res.text()).toContain('<div id="root"></div>');
  });

  it("serves the bundle it references", async () => {
    const html = await (await get("/")).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const res = await get(script ?? "/missing");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    await res.body?.cancel();
  });

  it("has the browser revalidate its files by ETag: 304 when unchanged", async () => {
    for (const path of ["/", "/assets/dashboard.js", "/assets/dashboard.css"]) {
      const first = await get(path);
      const etag = first.headers.get("etag");
      expect(etag, path).toMatch(/^"[0-9a-f]{32}"$/);
      expect(first.headers.get("cache-control"), path).toBe("no-cache");
      await first.body?.cancel();
      const again = await get(path, { headers: { "if-none-match": `W/${etag}` } });
      expect(again.status, path).toBe(304);
      expect(again.headers.get("content-security-policy"), path).toBe(DASHBOARD_CSP);
      expect(await again.text(), path).toBe("");
      const changed = await get(path, { headers: { "if-none-match": '"stale"' } });
      expect(changed.status, path).toBe(200);
      await changed.body?.cancel();
    }
  });

  it("answers HEAD without a body, refuses other methods, and 404s an unknown asset", async () => {
    const head = await get("/assets/dashboard.css", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toMatch(/^text\/css/);
    expect(await head.text()).toBe("");
    const post = await get("/tenants", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    await post.body?.cancel();
    const missing = await get("/assets/missing.js");
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });

  it("leaves API paths to the API: problem+json, not the page", async () => {
    for (const path of ["/v1/no-such-route", "/internal/v1/nothing", "/v1"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toBe("application/problem+json");
      expect(res.headers.get("content-security-policy"), path).toBeNull();
      await res.body?.cancel();
    }
    const health = await get("/v1/health");
    expect(health.status).toBe(200);
    await health.body?.cancel();
  });

  it("policy allows nothing but this origin: no inline code, no framing", () => {
    expect(DASHBOARD_CSP).toContain("default-src 'none'");
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(DASHBOARD_CSP).not.toContain("unsafe-inline");
    expect(DASHBOARD_CSP).not.toContain("unsafe-eval");
  });
});

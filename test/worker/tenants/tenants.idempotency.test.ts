import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestFingerprint } from "../../../worker/middleware/idempotency.ts";
import { captureJobs, createOrg, problem, request, tenantBody } from "../harness.ts";
import { addPlans, orgOnPlan } from "../rate-limits/support.ts";
import type { Page, Tenant } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

const post = (headers: Record<string, string>, key: string, json: unknown) =>
  request("/v1/tenants", { method: "POST", headers: { ...headers, "idempotency-key": key }, json });

describe("Idempotency-Key on POST /v1/tenants", () => {
  it("replays the first response for the same key and body, creating nothing more", async () => {
    const jobs = captureJobs();
    const org = await createOrg();
    const body = tenantBody();
    const first = await post(org.headers, "create-acme-1", body);
    const second = await post(org.headers, "create-acme-1", body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(jobs).toHaveLength(1);
    const page = (await (
      await request("/v1/tenants", { headers: org.headers })
    ).json()) as Page<Tenant>;
    expect(page.data).toHaveLength(1);
  });

  it("treats the same JSON with another key order as the same body", async () => {
    const org = await createOrg();
    const body = tenantBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await post(org.headers, "reordered", body);
    const second = await post(org.headers, "reordered", reordered);
    expect(await second.text()).toBe(await first.text());
  });

  it("answers 422 for the same key with another body", async () => {
    const org = await createOrg();
    await post(org.headers, "key-422", tenantBody());
    const res = await post(org.headers, "key-422", tenantBody());
    expect(res.status).toBe(422);
    expect((await problem(res)).code).toBe("idempotency_key_reused");
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const org = await createOrg();
    const body = tenantBody();
    const hash = await requestFingerprint("POST /v1/tenants", JSON.stringify(body));
    await env.DB.prepare(
      "INSERT INTO idempotency_keys (organization_id, key, route, request_hash, state, expires_at) VALUES (?, ?, ?, ?, 'in_progress', ?)",
    )
      .bind(
        org.orgId,
        "running",
        "POST /v1/tenants",
        hash,
        new Date(Date.now() + 60_000).toISOString(),
      )
      .run();
    const res = await post(org.headers, "running", body);
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("idempotency_in_progress");
  });

  it("frees a key whose first request died without answering", async () => {
    const org = await createOrg();
    const body = tenantBody();
    const hash = await requestFingerprint("POST /v1/tenants", JSON.stringify(body));
    const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await env.DB.prepare(
      "INSERT INTO idempotency_keys (organization_id, key, route, request_hash, state, created_at, expires_at) VALUES (?, ?, ?, ?, 'in_progress', ?, ?)",
    )
      .bind(
        org.orgId,
        "abandoned",
        "POST /v1/tenants",
        hash,
        longAgo,
        new Date(Date.now() + 60_000).toISOString(),
      )
      .run();
    const res = await post(org.headers, "abandoned", body);
    expect(res.status).toBe(202);
  });

  it("scopes keys per organization", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const first = await post(a.headers, "shared-key", tenantBody());
    const second = await post(b.headers, "shared-key", tenantBody());
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(await second.text()).not.toBe(await first.text());
  });

  it("forgets a key after 24 hours", async () => {
    const org = await createOrg();
    const body = tenantBody();
    const first = await post(org.headers, "old-key", body);
    await env.DB.prepare(
      "UPDATE idempotency_keys SET expires_at = ? WHERE organization_id = ? AND key = ?",
    )
      .bind(new Date(Date.now() - 1000).toISOString(), org.orgId, "old-key")
      .run();
    const again = await post(org.headers, "old-key", { ...body, slug: `${body.slug}-2` });
    expect(again.status).toBe(202);
    expect(await again.text()).not.toBe(await first.text());
  });

  it("keeps the key for 24 hours", async () => {
    const org = await createOrg();
    await post(org.headers, "ttl-key", tenantBody());
    const row = await env.DB.prepare(
      "SELECT created_at, expires_at FROM idempotency_keys WHERE organization_id = ? AND key = ?",
    )
      .bind(org.orgId, "ttl-key")
      .first<{ created_at: string; expires_at: string }>();
    expect(Date.parse(row?.expires_at ?? "") - Date.parse(row?.created_at ?? "")).toBe(86_400_000);
  });

  it("keeps no refusal: the request runs again, and a corrected body may use the key", async () => {
    const org = await createOrg();
    const invalid = tenantBody({ slug: "Bad Slug" });
    const a = await post(org.headers, "invalid-1", invalid);
    const b = await post(org.headers, "invalid-1", invalid);
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    const corrected = await post(org.headers, "invalid-1", tenantBody());
    expect(corrected.status).toBe(202);
  });

  it("creates with the same key once the organization's plan has room again", async () => {
    await addPlans({ single: { maxTenants: 1 } });
    const headers = await orgOnPlan("single");
    const first = await post(headers, "first", tenantBody());
    expect(first.status).toBe(202);
    const body = tenantBody();
    const refused = await post(headers, "second", body);
    expect(refused.status).toBe(409);
    expect((await problem(refused)).code).toBe("organization_limit_reached");
    // The first tenant's deletion has finished: its slot is free.
    const { tenant } = (await first.json()) as { tenant: { id: string } };
    await env.DB.prepare("UPDATE tenants SET deleted_at = ? WHERE id = ?")
      .bind(new Date().toISOString(), tenant.id)
      .run();
    const again = await post(headers, "second", body);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
  });

  it("releases the key after a server error", async () => {
    const org = await createOrg();
    const body = tenantBody();
    vi.spyOn(env.JOBS, "send").mockRejectedValueOnce(new Error("queue down"));
    const failed = await post(org.headers, "retry-after-5xx", body);
    expect(failed.status).toBe(503);
    const retried = await post(org.headers, "retry-after-5xx", { ...body, slug: `${body.slug}-r` });
    expect(retried.status).toBe(202);
  });

  it("rejects a malformed Idempotency-Key", async () => {
    const org = await createOrg();
    const res = await post(org.headers, "x".repeat(300), tenantBody());
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.path).toBe("Idempotency-Key");
  });
});

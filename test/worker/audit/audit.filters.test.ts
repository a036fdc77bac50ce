import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bearer, createOrg, OPERATOR_TOKEN, problem, request, tenantBody } from "../harness.ts";
import type { AuditEntry, Page, TenantOperation } from "../types.ts";

const entries = async (path: string, headers: Record<string, string>) => {
  const res = await request(path, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Page<AuditEntry & { organizationId?: string }>;
};

/** Audit rows at chosen instants, so time filters have something to tell apart. */
async function seedEntries(organizationId: string, rows: [string, string, string][]) {
  await env.DB.batch(
    rows.map(([action, actor, createdAt], i) =>
      env.DB.prepare(
        "INSERT INTO audit_log (id, organization_id, actor, action, target_type, target_id, request_id, created_at) VALUES (?, ?, ?, ?, 'tenant', ?, 'req', ?)",
      ).bind(
        `aud_seed${organizationId.slice(4, 12)}${i}`,
        organizationId,
        actor,
        action,
        `ten_${i}`,
        createdAt,
      ),
    ),
  );
}

describe("GET /v1/audit filters", () => {
  it("filters by actor, action, target and time range, and pages through the result", async () => {
    const org = await createOrg();
    await seedEntries(org.orgId, [
      ["tenant.create", "user:usr_a", "2026-01-01T10:00:00.000Z"],
      ["tenant.update", "user:usr_a", "2026-01-02T10:00:00.000Z"],
      ["tenant.update", "user:usr_b", "2026-01-03T10:00:00.000Z"],
      ["tenant.delete", "user:usr_a", "2026-01-04T10:00:00.000Z"],
    ]);
    const byActor = await entries("/v1/audit?actor=user:usr_a", org.headers);
    expect(byActor.data.map((e) => e.action)).toEqual([
      "tenant.delete",
      "tenant.update",
      "tenant.create",
    ]);
    const byAction = await entries("/v1/audit?action=tenant.update&limit=1", org.headers);
    expect(byAction.data.map((e) => e.actor)).toEqual(["user:usr_b"]);
    const next = await entries(
      `/v1/audit?action=tenant.update&limit=1&cursor=${byAction.nextCursor}`,
      org.headers,
    );
    expect(next.data.map((e) => e.actor)).toEqual(["user:usr_a"]);
    expect(next.nextCursor).toBeNull();
    const byTarget = await entries("/v1/audit?targetType=tenant&targetId=ten_2", org.headers);
    expect(byTarget.data.map((e) => e.actor)).toEqual(["user:usr_b"]);
    const window = await entries(
      "/v1/audit?since=2026-01-02T10:00:00Z&until=2026-01-04T10:00:00%2B00:00",
      org.headers,
    );
    expect(window.data.map((e) => e.createdAt)).toEqual([
      "2026-01-03T10:00:00.000Z",
      "2026-01-02T10:00:00.000Z",
    ]);
  });

  it("exports every matching entry as streamed NDJSON, never another organization's", async () => {
    const org = await createOrg();
    const other = await createOrg();
    const { tenant } = (await (
      await request("/v1/tenants", { method: "POST", headers: org.headers, json: tenantBody() })
    ).json()) as TenantOperation;
    await request("/v1/tenants", { method: "POST", headers: other.headers, json: tenantBody() });
    const res = await request("/v1/audit?format=ndjson&limit=1", { headers: org.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((e) => e.action)).toEqual(["tenant.create", "organization.create"]);
    expect(lines[0]).toMatchObject({ targetId: tenant.id });
    expect(lines[0]).not.toHaveProperty("organizationId");
  });

  it("refuses a time that is not an instant", async () => {
    const org = await createOrg();
    const res = await request("/v1/audit?since=yesterday", { headers: org.headers });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.path).toBe("since");
  });
});

describe("GET /v1/admin/audit", () => {
  it("lists every organization's entries for the operator, filtered by organization", async () => {
    const a = await createOrg();
    const b = await createOrg();
    const operator = bearer(OPERATOR_TOKEN);
    const all = await entries("/v1/admin/audit?action=organization.create&limit=100", operator);
    const ids = all.data.map((e) => e.organizationId);
    expect(ids).toContain(a.orgId);
    expect(ids).toContain(b.orgId);
    const onlyA = await entries(`/v1/admin/audit?organizationId=${a.orgId}`, operator);
    expect(onlyA.data.map((e) => e.organizationId)).toEqual([a.orgId]);
    const ndjson = await request(`/v1/admin/audit?organizationId=${b.orgId}&format=ndjson`, {
      headers: operator,
    });
    expect(JSON.parse((await ndjson.text()).trim())).toMatchObject({ organizationId: b.orgId });
  });

  it("is closed to provider credentials", async () => {
    const org = await createOrg();
    expect((await request("/v1/admin/audit", { headers: org.headers })).status).toBe(401);
  });
});

import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../../worker/db/client.ts";
import {
  apiKeys,
  auditLog,
  deployments,
  organizations,
  services,
  tenants,
} from "../../../worker/db/schema.ts";
import { newId } from "../../../worker/lib/ids.ts";
import {
  bearer,
  createOrg,
  OPERATOR_TOKEN,
  request,
  type TestOrg,
  tenantBody,
} from "../harness.ts";
import type { Page, TenantOperation } from "../types.ts";

/** The documented maximum of every list route's `limit`, run with more rows than that. */
const MAX_LIMIT = 100;
const ROWS = MAX_LIMIT + 5;

const db = createDb(env.DB);
const stamp = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();

let org: TestOrg;
let tenantId: string;

beforeAll(async () => {
  org = await createOrg();
  const tenantRows = Array.from({ length: ROWS }, (_, i) => ({
    id: newId("tenant"),
    organizationId: org.orgId,
    name: `Tenant ${i}`,
    slug: `lists-${crypto.randomUUID().slice(0, 12)}`,
    plan: "starter",
    status: "active" as const,
    labels: {},
    createdAt: stamp(i),
    updatedAt: stamp(i),
  }));
  tenantId = tenantRows[0]?.id ?? "";
  const statements = [
    ...tenantRows.map((row) => db.insert(tenants).values(row)),
    ...tenantRows.map((row) =>
      db.insert(services).values({
        id: newId("service"),
        tenantId: row.id,
        name: "web",
        source: { type: "image", image: "ghcr.io/acme/app:1" },
        port: 3000,
        healthPath: "/",
        envKeys: [],
        updatedAt: row.updatedAt,
      }),
    ),
    ...Array.from({ length: ROWS }, (_, i) =>
      db.insert(deployments).values({
        id: newId("deployment"),
        tenantId,
        organizationId: org.orgId,
        kind: "provision",
        status: "ready",
        createdAt: stamp(i),
        updatedAt: stamp(i),
      }),
    ),
    ...Array.from({ length: ROWS }, (_, i) =>
      db.insert(apiKeys).values({
        id: newId("apiKey"),
        organizationId: org.orgId,
        name: `key ${i}`,
        prefix: crypto.randomUUID().replaceAll("-", "").slice(0, 12),
        secretHash: "0".repeat(64),
        scopes: ["read"],
        createdAt: stamp(i),
      }),
    ),
    ...Array.from({ length: ROWS }, (_, i) =>
      db.insert(auditLog).values({
        id: newId("audit"),
        organizationId: org.orgId,
        actor: "system",
        action: "test.row",
        targetType: "tenant",
        requestId: `req-${i}`,
        createdAt: stamp(i),
      }),
    ),
    ...Array.from({ length: ROWS }, (_, i) =>
      db.insert(organizations).values({ id: newId("organization"), name: `Org ${i}` }),
    ),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
});

describe(`every list route at limit=${MAX_LIMIT} with more than ${MAX_LIMIT} rows`, () => {
  const routes = () =>
    [
      ["/v1/tenants", org.headers],
      ["/v1/tenants?status=active", org.headers],
      [`/v1/tenants/${tenantId}/deployments`, org.headers],
      ["/v1/api-keys", org.headers],
      ["/v1/audit", org.headers],
      ["/v1/admin/organizations", bearer(OPERATOR_TOKEN)],
    ] as const;

  it("answers a full page and a cursor to the rest", async () => {
    for (const [path, headers] of routes()) {
      const separator = path.includes("?") ? "&" : "?";
      const res = await request(`${path}${separator}limit=${MAX_LIMIT}`, { headers });
      expect(res.status, path).toBe(200);
      const page = (await res.json()) as Page<unknown>;
      expect(page.data, path).toHaveLength(MAX_LIMIT);
      expect(page.nextCursor, path).not.toBeNull();
    }
  });

  it("lists each tenant with its services", async () => {
    const res = await request(`/v1/tenants?limit=${MAX_LIMIT}`, { headers: org.headers });
    const page = (await res.json()) as Page<{ services: { name: string }[] }>;
    expect(page.data.every((tenant) => tenant.services.length === 1)).toBe(true);
  });
});

describe("a tenant with the most services the API takes", () => {
  const operator = bearer(OPERATOR_TOKEN);
  afterAll(async () => {
    await request("/v1/admin/config/plans", { method: "DELETE", headers: operator });
  });

  it("is created with every service, however many columns each binds", async () => {
    const config = (await (await request("/v1/admin/config", { headers: operator })).json()) as {
      plans: Record<string, Record<string, unknown>>;
    };
    const wide = {
      ...config.plans.starter,
      requestsCpu: "100",
      requestsMemory: "100Gi",
      limitsCpu: "100",
      limitsMemory: "100Gi",
      pods: 100,
      services: 30,
      secrets: 30,
    };
    const put = await request("/v1/admin/config/plans", {
      method: "PUT",
      headers: operator,
      json: { value: { ...config.plans, wide } },
    });
    expect(put.status).toBe(200);
    const own = await createOrg();
    const service = tenantBody().services[0];
    const many = Array.from({ length: 20 }, (_, i) => ({ ...service, name: `svc-${i}` }));
    const res = await request("/v1/tenants", {
      method: "POST",
      headers: own.headers,
      json: tenantBody({ plan: "wide", services: many }),
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as TenantOperation).tenant.services).toHaveLength(20);
  });
});

import type { ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi, sendProblem } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const ORG_ID = "org_0123456789abcdefghjk";
const organization = (overrides: Record<string, unknown> = {}) => ({
  id: ORG_ID,
  name: "Acme",
  plan: null,
  defaultTenantPlan: null,
  webhookDefaults: {},
  createdAt: "2026-01-01T00:00:00.000Z",
  ...overrides,
});
const member = (overrides: Record<string, unknown> = {}) => ({
  id: "usr_0123456789abcdefghjk",
  issuer: "https://idp.example.com/",
  subject: "auth0|alice",
  email: "alice@example.com",
  role: "developer",
  createdAt: "2026-01-01T00:00:00.000Z",
  lastSeenAt: null,
  ...overrides,
});
const day = (date: string, overrides: Record<string, unknown> = {}) => ({
  date,
  apiRequests: 0,
  deployments: 0,
  buildMinutes: 0,
  serviceHours: 0,
  databaseGbDays: 0,
  volumeGbDays: 0,
  backupGbDays: 0,
  ...overrides,
});

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave org", () => {
  it("show prints the organization; update sends only the changed fields", async () => {
    api.json("GET", "/v1/organization", 200, organization());
    const shown = await cli("org", "show");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("(platform default)");

    api.json("PATCH", "/v1/organization", 200, organization({ plan: "business" }));
    const updated = await cli("org", "update", "--plan", "business", "--json");
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ plan: "business" });
    expect(api.requests.at(-1)?.body).toEqual({ plan: "business" });

    await cli("org", "update", "--default-plan");
    expect(api.requests.at(-1)?.body).toEqual({ plan: null });
    expect((await cli("org", "update")).code).toBe(2);
  });

  it("update sets and clears the defaults of new tenants and webhooks; show prints them", async () => {
    api.json("GET", "/v1/organization", 200, organization());
    expect((await cli("org", "show")).stdout).toMatch(/tenant plan:\s+\(platform default\)/);

    const defaults = { defaultTenantPlan: "pro", webhookDefaults: { events: ["tenant.ready"] } };
    api.json("PATCH", "/v1/organization", 200, organization(defaults));
    const updated = await cli(
      "org",
      "update",
      "--default-tenant-plan",
      "pro",
      "--webhook-event",
      "tenant.ready",
    );
    expect(updated.code).toBe(0);
    expect(api.requests.at(-1)?.body).toEqual(defaults);
    expect(updated.stdout).toMatch(/tenant plan:\s+pro/);
    expect(updated.stdout).toMatch(/webhook events:\s+tenant\.ready/);

    await cli("org", "update", "--no-default-tenant-plan", "--no-webhook-events");
    expect(api.requests.at(-1)?.body).toEqual({ defaultTenantPlan: null, webhookDefaults: {} });

    const sent = api.requests.length;
    const unknown = await cli("org", "update", "--webhook-event", "tenant.exploded");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown event type tenant.exploded");
    const both = await cli(
      "org",
      "update",
      "--default-tenant-plan",
      "pro",
      "--no-default-tenant-plan",
    );
    expect(both.code).toBe(2);
    expect(api.requests).toHaveLength(sent);
  });
});

describe("enclave members", () => {
  it("adds, lists, updates and removes members by subject", async () => {
    api.json("POST", "/v1/organization/members", 201, member());
    const added = await cli("members", "add", "auth0|alice", "--role", "developer");
    expect(added.stdout).toContain("Added auth0|alice as developer");
    expect(api.requests.at(-1)?.body).toEqual({ subject: "auth0|alice", role: "developer" });

    api.json("GET", "/v1/organization/members", 200, { data: [member()], nextCursor: null });
    expect((await cli("members", "list")).stdout).toContain("alice@example.com");

    api.json("PATCH", "/v1/organization/members/auth0%7Calice", 200, member({ role: "admin" }));
    const updated = await cli("members", "update", "auth0|alice", "--role", "admin");
    expect(updated.stdout).toContain("now admin");

    api.on("DELETE", "/v1/organization/members/auth0%7Calice", (_req, res: ServerResponse) =>
      sendProblem(res, 409, {
        code: "invalid_state",
        title: "The resource is not in a state that allows this",
        detail: "The organization's last admin cannot be removed or demoted",
      }),
    );
    const refused = await cli("members", "remove", "auth0|alice");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("last admin");
  });

  it("refuses a role that does not exist before asking the API", async () => {
    const result = await cli("members", "add", "bob", "--role", "owner");
    expect(result.code).toBe(2);
    expect(api.requests).toEqual([]);
  });
});

describe("enclave audit and usage", () => {
  it("audit sends the filters as query parameters", async () => {
    api.json("GET", "/v1/audit", 200, {
      data: [
        {
          id: "aud_0123456789abcdefghjk",
          actor: "user:usr_0123456789abcdefghjk",
          action: "tenant.create",
          targetType: "tenant",
          targetId: "ten_0123456789abcdefghjk",
          requestId: "req_1",
          metadata: null,
          createdAt: "2026-01-01T00:00:00.000Z",
        },
      ],
      nextCursor: null,
    });
    const result = await cli(
      "audit",
      "--action",
      "tenant.create",
      "--target-type",
      "tenant",
      "--since",
      "2026-01-01T00:00:00Z",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("tenant ten_0123456789abcdefghjk");
    const query = new URL(api.requests[0]?.path ?? "", "http://x").searchParams;
    expect(Object.fromEntries(query)).toEqual({
      action: "tenant.create",
      targetType: "tenant",
      since: "2026-01-01T00:00:00Z",
    });
  });

  it("usage prints a table with totals, a tenant's report, or the API's CSV", async () => {
    const report = {
      from: "2026-03-01",
      to: "2026-03-02",
      tenantId: null,
      days: [day("2026-03-01", { apiRequests: 7 }), day("2026-03-02", { serviceHours: 24 })],
      totals: { ...day("x", { apiRequests: 7, serviceHours: 24 }), date: undefined },
    };
    api.json("GET", "/v1/usage", 200, report);
    const shown = await cli("usage", "--from", "2026-03-01", "--to", "2026-03-02");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/total\s+7\s+0\s+0\s+24/);

    api.json("GET", "/v1/tenants/acme/usage", 200, { ...report, tenantId: "ten_x" });
    expect((await cli("usage", "--tenant", "acme", "--json")).stdout).toContain("ten_x");

    api.on("GET", "/v1/usage", (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv; charset=utf-8" });
      res.end("date,apiRequests\r\n2026-03-01,7\r\n");
    });
    const csv = await cli("usage", "--csv");
    expect(csv.stdout).toBe("date,apiRequests\r\n2026-03-01,7\r\n");
    expect(api.requests.at(-1)?.path).toBe("/v1/usage?format=csv");
  });
});

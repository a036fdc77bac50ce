import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const TENANT = "acme";
const DOMAIN = "shop.acme.com";
const RULE_ID = "nrl_0123456789abcdefghjk";

const domain = (overrides: Record<string, unknown> = {}) => ({
  id: "dom_0123456789abcdefghjk",
  domain: DOMAIN,
  status: "pending_verification",
  statusReason: null,
  verifiedAt: null,
  records: [
    {
      type: "TXT",
      name: `_enclave-challenge.${DOMAIN}`,
      value: "enclave-verify-token",
      purpose: "ownership",
    },
    { type: "CNAME", name: DOMAIN, value: "acme.enclave.localhost", purpose: "routing" },
  ],
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  ...overrides,
});

const deployment = (trigger: string) => ({
  id: "dep_0123456789abcdefghjk",
  tenantId: "ten_0123456789abcdefghjk",
  kind: "provision",
  trigger,
  status: "queued",
});

const rule = {
  id: RULE_ID,
  cidr: "203.0.113.0/24",
  protocol: "TCP",
  ports: [5432],
  description: "billing db",
  createdAt: "2025-01-01T00:00:00.000Z",
};

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave domains", () => {
  it("adds a domain and prints the DNS records to create", async () => {
    api.json("POST", `/v1/tenants/${TENANT}/domains`, 201, domain());
    const result = await cli("domains", "add", TENANT, DOMAIN);
    expect(result.code).toBe(0);
    expect(api.requests[0]?.body).toEqual({ domain: DOMAIN });
    expect(result.stdout).toContain(`_enclave-challenge.${DOMAIN}`);
    expect(result.stdout).toContain("enclave-verify-token");
    expect(result.stdout).toContain("acme.enclave.localhost");
  });

  it("lists domains with their status", async () => {
    api.json("GET", `/v1/tenants/${TENANT}/domains`, 200, {
      data: [domain({ status: "failed", statusReason: "no TXT record" })],
    });
    const result = await cli("domains", "list", TENANT);
    expect(result.stdout).toMatch(/shop\.acme\.com\s+failed\s+no TXT record/);
  });

  it("verifies: names the deployment that routes it, and exits 1 when the DNS is not there", async () => {
    api.json("POST", `/v1/tenants/${TENANT}/domains/${DOMAIN}/verify`, 200, {
      domain: domain({ status: "verified", verifiedAt: "2025-01-01T00:00:01.000Z" }),
      deployment: deployment("domain_change"),
      links: { events: "/e", ws: "/w" },
    });
    const verified = await cli("domains", "verify", TENANT, DOMAIN);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("shop.acme.com is verified.");
    expect(verified.stdout).toContain("Deployment dep_0123456789abcdefghjk queued.");

    api.json("POST", `/v1/tenants/${TENANT}/domains/${DOMAIN}/verify`, 200, {
      domain: domain({ status: "failed", statusReason: "the TXT record is missing" }),
    });
    const refused = await cli("domains", "verify", TENANT, DOMAIN);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("not verified: the TXT record is missing");
  });

  it("removes a domain and refuses a missing argument", async () => {
    api.json("DELETE", `/v1/tenants/${TENANT}/domains/${DOMAIN}`, 200, { domain: domain() });
    const removed = await cli("domains", "remove", TENANT, DOMAIN);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed ${DOMAIN}.`);
    const usage = await cli("domains", "add", TENANT);
    expect(usage.code).toBe(2);
  });
});

describe("enclave network-rules", () => {
  it("adds a rule with its ports and protocol, and names the deployment", async () => {
    api.json("POST", `/v1/tenants/${TENANT}/network-rules`, 202, {
      networkRule: rule,
      deployment: deployment("network_change"),
      links: { events: "/e", ws: "/w" },
    });
    const result = await cli(
      "network-rules",
      "add",
      TENANT,
      "--cidr",
      "203.0.113.0/24",
      "--port",
      "5432",
      "--protocol",
      "tcp",
      "--description",
      "billing db",
    );
    expect(result.code).toBe(0);
    expect(api.requests[0]?.body).toEqual({
      cidr: "203.0.113.0/24",
      protocol: "TCP",
      ports: [5432],
      description: "billing db",
    });
    expect(result.stdout).toContain(`Added ${RULE_ID}`);
    expect(result.stdout).toContain("Deployment dep_0123456789abcdefghjk queued.");
  });

  it("lists and removes rules, and refuses bad flags before any request", async () => {
    api.json("GET", `/v1/tenants/${TENANT}/network-rules`, 200, { data: [rule] });
    api.json("DELETE", `/v1/tenants/${TENANT}/network-rules/${RULE_ID}`, 202, {
      networkRule: rule,
      deployment: deployment("network_change"),
      links: { events: "/e", ws: "/w" },
    });
    expect((await cli("network-rules", "list", TENANT)).stdout).toMatch(
      /nrl_0123456789abcdefghjk\s+203\.0\.113\.0\/24\s+TCP\s+5432\s+billing db/,
    );
    expect((await cli("network-rules", "remove", TENANT, RULE_ID)).code).toBe(0);
    const requests = api.requests.length;
    expect((await cli("network-rules", "add", TENANT)).code).toBe(2);
    expect(
      (await cli("network-rules", "add", TENANT, "--cidr", "1.2.3.0/24", "--protocol", "icmp"))
        .code,
    ).toBe(2);
    expect(
      (await cli("network-rules", "add", TENANT, "--cidr", "1.2.3.0/24", "--port", "http")).code,
    ).toBe(2);
    expect(api.requests).toHaveLength(requests);
  });
});

import { expect, vi } from "vitest";
import type { DeploymentSpec } from "../../../worker/contracts/index.ts";
import { request, type TestOrg } from "../harness.ts";
import { claimSpec } from "../support/runner-api.ts";
import { setPlatformConfig } from "../webhooks/support.ts";

/** Where the tests' DNS-over-HTTPS resolver answers: a local address, as an operator's could be. */
export const RESOLVER_URL = "http://127.0.0.1:8053/dns-query";

export interface DomainBody {
  id: string;
  domain: string;
  status: string;
  statusReason: string | null;
  verifiedAt: string | null;
  records: { type: string; name: string; value: string; purpose: string }[];
}

export interface DomainChange {
  domain: DomainBody;
  deployment?: { id: string; trigger: string };
  links?: { events: string };
}

export const uniqueDomain = () => `app-${crypto.randomUUID().slice(0, 8)}.acme.com`;

export const useLocalResolver = () =>
  setPlatformConfig("domains", { dnsResolverUrl: RESOLVER_URL, ingressAddress: "" });

type Zone = Record<string, { TXT?: string[]; CNAME?: string[]; A?: string[] }>;
const TYPES = { A: 1, CNAME: 5, TXT: 16 } as const;

/**
 * A DNS-over-HTTPS server (JSON API) on the resolver's address that knows `zone`, standing in
 * for the network the Worker cannot reach in tests; every other outbound fetch passes through.
 * Returns the questions it was asked.
 */
export function serveDns(zone: Zone) {
  const asked: string[] = [];
  const passThrough = globalThis.fetch.bind(globalThis);
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (`${url.origin}${url.pathname}` !== RESOLVER_URL) return passThrough(input, init);
    expect(req.headers.get("accept")).toBe("application/dns-json");
    const name = url.searchParams.get("name") ?? "";
    const type = url.searchParams.get("type") as keyof typeof TYPES;
    asked.push(`${name} ${type}`);
    const data = zone[name]?.[type] ?? [];
    const Answer = data.map((value) => ({
      name,
      type: TYPES[type],
      TTL: 60,
      data: type === "TXT" ? `"${value}"` : value,
    }));
    return Response.json({ Status: 0, Answer });
  });
  return asked;
}

/** The zone that proves `domain`: its TXT challenge and a CNAME to the platform host. */
export const provingZone = (domain: DomainBody): Zone => {
  const txt = domain.records.find((r) => r.type === "TXT");
  const cname = domain.records.find((r) => r.type === "CNAME");
  return {
    [txt?.name ?? ""]: { TXT: [txt?.value ?? ""] },
    [domain.domain]: { CNAME: [`${cname?.value}.`] },
  };
};

export const domainsPath = (tenantId: string, domain?: string, action?: string) =>
  `/v1/tenants/${tenantId}/domains${domain ? `/${domain}` : ""}${action ? `/${action}` : ""}`;

export async function addDomain(org: TestOrg, tenantId: string, domain: string) {
  const res = await request(domainsPath(tenantId), {
    method: "POST",
    headers: org.headers,
    json: { domain },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as DomainBody;
}

export async function verify(org: TestOrg, tenantId: string, domain: string) {
  const res = await request(domainsPath(tenantId, domain, "verify"), {
    method: "POST",
    headers: org.headers,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as DomainChange;
}

export async function getDomain(org: TestOrg, tenantId: string, domain: string) {
  const res = await request(domainsPath(tenantId, domain), { headers: org.headers });
  expect(res.status).toBe(200);
  return (await res.json()) as DomainBody;
}

/** The spec a runner gets for the deployment (claiming its first attempt). */
export async function specOf(deploymentId: string) {
  const res = await claimSpec(deploymentId);
  expect(res.status).toBe(200);
  return (await res.json()) as DeploymentSpec;
}

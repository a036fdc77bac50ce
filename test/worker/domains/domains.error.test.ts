import { afterEach, describe, expect, it, vi } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { captureWebhookMessages } from "../webhooks/support.ts";
import {
  addDomain,
  domainsPath,
  provingZone,
  RESOLVER_URL,
  serveDns,
  uniqueDomain,
  useLocalResolver,
  verify,
} from "./support.ts";

afterEach(() => vi.restoreAllMocks());

describe("custom domain errors", () => {
  it("refuse a hostname another tenant claimed, verified or not (409)", async () => {
    const first = await createOrg();
    const { tenant } = await createTenant(first);
    const domain = uniqueDomain();
    await addDomain(first, tenant.id, domain);
    const second = await createOrg();
    const other = await createTenant(second);
    const res = await request(domainsPath(other.tenant.id), {
      method: "POST",
      headers: second.headers,
      json: { domain },
    });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("domain_taken");
    const again = await createTenant(await createOrg(), { domains: [uniqueDomain()] });
    expect(again.tenant.domains).toHaveLength(1);
  });

  it("refuse malformed hostnames and ones under the platform domain (400)", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    for (const domain of ["Not A Host", "*.acme.com", "acme.com.", "x.enclave.localhost"]) {
      const res = await request(domainsPath(tenant.id), {
        method: "POST",
        headers: org.headers,
        json: { domain },
      });
      expect(res.status, domain).toBe(400);
      expect((await problem(res)).errors?.map((e) => e.path)).toContain("domain");
    }
  });

  it("fail verification, saying what is missing, and route nothing", async () => {
    await useLocalResolver();
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await reportEvents(deployment.id, [
      progressEvent(deployment.id, { seq: 0, stage: null, type: "deployment.ready" }),
    ]);
    const added = await addDomain(org, tenant.id, uniqueDomain());
    const webhooks = captureWebhookMessages();

    serveDns({});
    const noTxt = await verify(org, tenant.id, added.domain);
    expect(noTxt.domain.status).toBe("failed");
    expect(noTxt.domain.statusReason).toContain(`_enclave-challenge.${added.domain}`);
    expect(noTxt.deployment).toBeUndefined();

    const zone = provingZone(added);
    serveDns({ ...zone, [added.domain]: { CNAME: ["elsewhere.example.net."] } });
    const wrongTarget = await verify(org, tenant.id, added.domain);
    expect(wrongTarget.domain.status).toBe("failed");
    expect(wrongTarget.domain.statusReason).toBe(
      `${added.domain} has no CNAME to ${tenant.slug}.enclave.localhost`,
    );
    expect(wrongTarget.domain.verifiedAt).toBeNull();
    expect(webhooks.filter((m) => m.type === "fan-out")).toEqual([]);
  });

  it("fail verification naming the resolver when it cannot be asked", async () => {
    await useLocalResolver();
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const added = await addDomain(org, tenant.id, uniqueDomain());
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("connection refused"));
    const unreachable = await verify(org, tenant.id, added.domain);
    expect(unreachable.domain.status).toBe("failed");
    expect(unreachable.domain.statusReason).toBe(
      `the DNS could not be checked at ${RESOLVER_URL} (connection refused)`,
    );
  });

  it("verify without a deployment while another runs, and refuse removal then (409)", async () => {
    await useLocalResolver();
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await reportEvents(deployment.id, [
      progressEvent(deployment.id, { seq: 0, stage: null, type: "deployment.ready" }),
    ]);
    const redeploy = await request(`/v1/tenants/${tenant.id}/deployments`, {
      method: "POST",
      headers: org.headers,
    });
    expect(redeploy.status).toBe(202);
    const added = await addDomain(org, tenant.id, uniqueDomain());
    serveDns(provingZone(added));
    const change = await verify(org, tenant.id, added.domain);
    expect(change.domain.status).toBe("verified");
    expect(change.deployment).toBeUndefined();

    const res = await request(domainsPath(tenant.id, added.domain), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("invalid_state");
  });

  it("answer 404 for a domain the tenant does not have", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    for (const [method, path] of [
      ["GET", domainsPath(tenant.id, "nope.acme.com")],
      ["POST", domainsPath(tenant.id, "nope.acme.com", "verify")],
      ["DELETE", domainsPath(tenant.id, "nope.acme.com")],
    ] as const) {
      const res = await request(path, { method, headers: org.headers });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });
});

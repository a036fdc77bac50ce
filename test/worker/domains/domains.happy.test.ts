import { describe, expect, it } from "vitest";
import { createOrg, createTenant, request } from "../harness.ts";
import { progressEvent } from "../support/events.ts";
import { reportEvents } from "../support/runner-api.ts";
import { captureWebhookMessages } from "../webhooks/support.ts";
import {
  addDomain,
  type DomainBody,
  domainsPath,
  getDomain,
  provingZone,
  serveDns,
  specOf,
  uniqueDomain,
  useLocalResolver,
  verify,
} from "./support.ts";

const IMAGES = { web: "registry.enclave.internal/acme/web@sha256:aaaa" };

const ready = (deploymentId: string, data: Record<string, unknown> = {}) =>
  reportEvents(deploymentId, [
    progressEvent(deploymentId, {
      seq: 0,
      stage: null,
      type: "deployment.ready",
      data: { images: IMAGES, ...data },
    }),
  ]);

describe("custom domains", () => {
  it("given at create are pending, shown with their DNS records, and not routed", async () => {
    const org = await createOrg();
    const domain = uniqueDomain();
    const created = await createTenant(org, { domains: [domain] });
    expect(created.tenant.domains).toEqual([domain]);

    const res = await request(domainsPath(created.tenant.id), { headers: org.headers });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: DomainBody[] };
    expect(data).toHaveLength(1);
    const [pending] = data;
    expect(pending?.status).toBe("pending_verification");
    expect(pending?.verifiedAt).toBeNull();
    expect(pending?.records).toEqual([
      {
        type: "TXT",
        name: `_enclave-challenge.${domain}`,
        value: expect.stringMatching(/^enclave-verify-[0-9a-z]{32}$/),
        purpose: "ownership",
      },
      {
        type: "CNAME",
        name: domain,
        value: `${created.tenant.slug}.enclave.localhost`,
        purpose: "routing",
      },
    ]);
    const spec = await specOf(created.deployment.id);
    expect(spec.customDomains).toEqual([]);
  });

  it("are verified over DNS-over-HTTPS, announced, routed, and tracked to active", async () => {
    await useLocalResolver();
    const org = await createOrg();
    const created = await createTenant(org);
    const tenantId = created.tenant.id;
    await ready(created.deployment.id);
    const added = await addDomain(org, tenantId, uniqueDomain());
    const asked = serveDns(provingZone(added));
    const webhooks = captureWebhookMessages();

    const change = await verify(org, tenantId, added.domain);
    expect(change.domain.status).toBe("verified");
    expect(change.domain.verifiedAt).not.toBeNull();
    expect(asked).toEqual(
      expect.arrayContaining([`_enclave-challenge.${added.domain} TXT`, `${added.domain} CNAME`]),
    );
    expect(change.deployment?.trigger).toBe("domain_change");
    const verified = webhooks.filter(
      (m) => m.type === "fan-out" && m.event.type === "domain.verified",
    );
    expect(verified).toHaveLength(1);
    expect(JSON.stringify(verified[0])).toContain(added.domain);

    const deploymentId = change.deployment?.id ?? "";
    const spec = await specOf(deploymentId);
    expect(spec.customDomains).toEqual([{ id: added.id, domain: added.domain }]);
    expect(spec.reconcile).toBe("custom_domains");
    expect(spec.rollout).toEqual({ services: [], images: IMAGES });

    await ready(deploymentId, {
      customDomains: [{ domain: added.domain, certificate: "pending", message: "waiting" }],
    });
    const pending = await getDomain(org, tenantId, added.domain);
    expect(pending.status).toBe("certificate_pending");
    expect(pending.statusReason).toContain("waiting");

    const redeploy = await request(`/v1/tenants/${tenantId}/deployments`, {
      method: "POST",
      headers: org.headers,
    });
    expect(redeploy.status).toBe(202);
    const { deployment } = (await redeploy.json()) as { deployment: { id: string } };
    await ready(deployment.id, {
      customDomains: [{ domain: added.domain, certificate: "issued" }],
    });
    const active = await getDomain(org, tenantId, added.domain);
    expect(active.status).toBe("active");
    expect(active.statusReason).toBeNull();

    const again = await verify(org, tenantId, added.domain);
    expect(again.deployment).toBeUndefined();
    expect(again.domain.status).toBe("active");
  });

  it("removed: a routed one with the deployment that takes its route down, then free again", async () => {
    await useLocalResolver();
    const org = await createOrg();
    const created = await createTenant(org);
    await ready(created.deployment.id);
    const added = await addDomain(org, created.tenant.id, uniqueDomain());
    serveDns(provingZone(added));
    const change = await verify(org, created.tenant.id, added.domain);
    await ready(change.deployment?.id ?? "");

    const res = await request(domainsPath(created.tenant.id, added.domain), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(res.status).toBe(200);
    const removed = (await res.json()) as { deployment: { id: string; trigger: string } };
    expect(removed.deployment.trigger).toBe("domain_change");
    expect((await specOf(removed.deployment.id)).customDomains).toEqual([]);
    const gone = await request(domainsPath(created.tenant.id, added.domain), {
      headers: org.headers,
    });
    expect(gone.status).toBe(404);

    const otherOrg = await createOrg();
    const other = await createTenant(otherOrg);
    const reclaimed = await addDomain(otherOrg, other.tenant.id, added.domain);
    expect(reclaimed.status).toBe("pending_verification");
  });
});

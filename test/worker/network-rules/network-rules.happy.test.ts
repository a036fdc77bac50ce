import { describe, expect, it } from "vitest";
import { specOf } from "../domains/support.ts";
import { createOrg, createTenant, request } from "../harness.ts";
import { setPlatformConfig } from "../webhooks/support.ts";
import { addedRule, IMAGES, rulesPath, settle } from "./support.ts";

describe("network rules", () => {
  it("are added with a deployment that only applies the policies, listed and removed", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await settle(deployment.id);

    const added = await addedRule(org, tenant.id, {
      cidr: "203.0.113.7/24",
      ports: [5432],
      description: "billing database",
    });
    expect(added.networkRule).toMatchObject({
      cidr: "203.0.113.0/24",
      protocol: "TCP",
      ports: [5432],
    });
    expect(added.networkRule.id).toMatch(/^nrl_/);
    expect(added.deployment.trigger).toBe("network_change");
    const spec = await specOf(added.deployment.id);
    expect(spec.networkRules).toEqual([
      { id: added.networkRule.id, cidr: "203.0.113.0/24", protocol: "TCP", ports: [5432] },
    ]);
    expect(spec.reconcile).toBe("network_rules");
    expect(spec.rollout).toEqual({ services: [], images: IMAGES });
    await settle(added.deployment.id);

    const list = await request(rulesPath(tenant.id), { headers: org.headers });
    expect(list.status).toBe(200);
    const { data } = (await list.json()) as { data: { id: string }[] };
    expect(data.map((rule) => rule.id)).toEqual([added.networkRule.id]);

    const removed = await request(rulesPath(tenant.id, added.networkRule.id), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(removed.status).toBe(202);
    const { deployment: removal } = (await removed.json()) as { deployment: { id: string } };
    expect((await specOf(removal.id)).networkRules).toEqual([]);
    const after = (await (
      await request(rulesPath(tenant.id), { headers: org.headers })
    ).json()) as { data: unknown[] };
    expect(after.data).toEqual([]);
  });

  it("reach a private range only where the platform configuration allows it", async () => {
    await setPlatformConfig("networkRules", { allowedInternalCidrs: ["10.20.0.0/16"] });
    try {
      const org = await createOrg();
      const { tenant, deployment } = await createTenant(org);
      await settle(deployment.id);
      const added = await addedRule(org, tenant.id, { cidr: "10.20.5.0/24", protocol: "TCP" });
      expect(added.networkRule.ports).toEqual([]);
    } finally {
      await setPlatformConfig("networkRules", { allowedInternalCidrs: [] });
    }
  });
});

import { env } from "cloudflare:workers";
import { createDb } from "../../../worker/db/client.ts";
import { type ApiKeyScope, backups, networkRules } from "../../../worker/db/schema.ts";
import { newId } from "../../../worker/lib/ids.ts";
import { bearer, createOrg, createTenant, request, type TestOrg } from "../harness.ts";
import type { PathValues } from "./openapi-operations.ts";

/**
 * An organization with a tenant (with a pending custom domain and a database backup), its first
 * deployment, a webhook with one (test) delivery, a member, and a key of each scope.
 */
export interface OrganizationWorld {
  org: TestOrg;
  keys: Record<ApiKeyScope, { authorization: string }>;
  values: PathValues;
}

const createKey = async (admin: TestOrg, name: string, scopes: ApiKeyScope[]) => {
  const res = await request("/v1/api-keys", {
    method: "POST",
    headers: admin.headers,
    json: { name, scopes },
  });
  if (res.status !== 201) throw new Error(`POST /v1/api-keys: ${res.status}`);
  return (await res.json()) as { apiKey: { id: string }; key: string };
};

/** A webhook to a local port nothing listens on: its deliveries fail, which is enough here. */
const createWebhook = async (admin: TestOrg) => {
  const res = await request("/v1/webhooks", {
    method: "POST",
    headers: admin.headers,
    json: { url: "http://127.0.0.1:9/hooks/enclave" },
  });
  if (res.status !== 201) throw new Error(`POST /v1/webhooks: ${res.status}`);
  return ((await res.json()) as { webhook: { id: string } }).webhook;
};

/** A developer member, so member routes have someone to change or remove. */
const addMember = async (admin: TestOrg) => {
  const res = await request("/v1/organization/members", {
    method: "POST",
    headers: admin.headers,
    json: { subject: `member-${crypto.randomUUID()}`, role: "developer" },
  });
  if (res.status !== 201) throw new Error(`POST /v1/organization/members: ${res.status}`);
  return (await res.json()) as { subject: string };
};

export async function organizationWorld(): Promise<OrganizationWorld> {
  const org = await createOrg();
  const domain = `world-${crypto.randomUUID().slice(0, 8)}.acme.com`;
  const { tenant, deployment } = await createTenant(org, { domains: [domain] });
  const [read, write, spare, webhook, member] = await Promise.all([
    createKey(org, "reader", ["read"]),
    createKey(org, "writer", ["write"]),
    createKey(org, "spare", ["read"]),
    createWebhook(org),
    addMember(org),
  ]);
  const tested = await request(`/v1/webhooks/${webhook.id}/test`, {
    method: "POST",
    headers: org.headers,
  });
  if (tested.status !== 200) throw new Error(`POST /v1/webhooks/{id}/test: ${tested.status}`);
  const delivery = (await tested.json()) as { id: string };
  // Written directly: the tenant's first deployment is still queued, so the API would refuse.
  const ruleId = newId("networkRule");
  await createDb(env.DB)
    .insert(networkRules)
    .values({
      id: ruleId,
      tenantId: tenant.id,
      organizationId: org.orgId,
      cidr: "203.0.113.0/24",
      protocol: "TCP",
      ports: [443],
    });
  const backupId = newId("backup");
  await createDb(env.DB)
    .insert(backups)
    .values({
      id: backupId,
      tenantId: tenant.id,
      organizationId: org.orgId,
      deploymentId: deployment.id,
      status: "completed",
      origin: "on_demand",
      engine: "postgres",
      objectKey: `${org.orgId}/${tenant.id}/${backupId}`,
      sizeBytes: 1024,
      completedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
  const credential = await request(`/v1/tenants/${tenant.id}/credentials`, {
    method: "POST",
    headers: org.headers,
    json: { kind: "git", name: "world", token: "world-token" },
  });
  if (credential.status !== 201) throw new Error(`POST credentials: ${credential.status}`);
  const { credential: created } = (await credential.json()) as { credential: { id: string } };
  return {
    org,
    keys: { read: bearer(read.key), write: bearer(write.key), admin: org.headers },
    values: {
      ids: {
        tenants: tenant.id,
        deployments: deployment.id,
        "api-keys": spare.apiKey.id,
        webhooks: webhook.id,
      },
      names: {
        name: tenant.services[0]?.name ?? "web",
        key: "timeouts",
        deliveryId: delivery.id,
        domain,
        ruleId,
        subject: member.subject,
        credentialId: created.id,
        backupId,
      },
    },
  };
}

import type { ApiKeyScope } from "../../../worker/db/schema.ts";
import { bearer, createOrg, createTenant, request, type TestOrg } from "../harness.ts";
import type { PathValues } from "./openapi-operations.ts";

/** An organization with a tenant, its first deployment, and a key of each scope. */
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

export async function organizationWorld(): Promise<OrganizationWorld> {
  const org = await createOrg();
  const { tenant, deployment } = await createTenant(org);
  const [read, write, spare] = await Promise.all([
    createKey(org, "reader", ["read"]),
    createKey(org, "writer", ["write"]),
    createKey(org, "spare", ["read"]),
  ]);
  return {
    org,
    keys: { read: bearer(read.key), write: bearer(write.key), admin: org.headers },
    values: {
      ids: { tenants: tenant.id, deployments: deployment.id, "api-keys": spare.apiKey.id },
      names: { name: tenant.services[0]?.name ?? "web", key: "timeouts" },
    },
  };
}

import { bearer, request, type TestOrg } from "../harness.ts";
import { finishDeployment } from "../redeploy/support.ts";
import type { TenantOperation } from "../types.ts";

export const suspendTenant = (org: TestOrg, tenantId: string) =>
  request(`/v1/tenants/${tenantId}/suspend`, { method: "POST", headers: org.headers });

export const resumeTenant = (org: TestOrg, tenantId: string) =>
  request(`/v1/tenants/${tenantId}/resume`, { method: "POST", headers: org.headers });

/** Suspends the tenant and ends the deployment as the runner would. */
export async function suspendedTenant(org: TestOrg, tenantId: string): Promise<TenantOperation> {
  const res = await suspendTenant(org, tenantId);
  if (res.status !== 202) throw new Error(`suspend: ${res.status} ${await res.text()}`);
  const op = (await res.json()) as TenantOperation;
  await finishDeployment(op.deployment.id, "ready");
  return op;
}

/** A key of the same organization that may only read. */
export async function readKey(org: TestOrg): Promise<{ authorization: string }> {
  const res = await request("/v1/api-keys", {
    method: "POST",
    headers: org.headers,
    json: { name: "read only", scopes: ["read"] },
  });
  if (res.status !== 201) throw new Error(`read key: ${res.status}`);
  return bearer(((await res.json()) as { key: string }).key);
}

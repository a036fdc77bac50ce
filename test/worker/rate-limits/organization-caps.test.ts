import { beforeAll, describe, expect, it } from "vitest";
import { problem, request, tenantBody } from "../harness.ts";
import { addPlans, orgOnPlan } from "./support.ts";

beforeAll(async () => {
  await addPlans({
    "one-tenant": { maxTenants: 1 },
    "one-deployment": { maxConcurrentDeployments: 1 },
  });
});

const create = (headers: { authorization: string }, slug: string) =>
  request("/v1/tenants", { method: "POST", headers, json: tenantBody({ slug }) });

describe("organization caps of the plan", () => {
  it("refuses a tenant past maxTenants with a 409 naming the cap", async () => {
    const headers = await orgOnPlan("one-tenant");
    expect((await create(headers, "cap-first")).status).toBe(202);
    const refused = await create(headers, "cap-second");
    expect(refused.status).toBe(409);
    const body = await problem(refused);
    expect(body.code).toBe("organization_limit_reached");
    expect(body.errors?.map((error) => error.path)).toEqual(["maxTenants"]);
  });

  it("refuses a deployment past maxConcurrentDeployments, but never a deletion", async () => {
    const headers = await orgOnPlan("one-deployment");
    const first = await create(headers, "busy-first");
    expect(first.status).toBe(202);
    const refused = await create(headers, "busy-second");
    expect(refused.status).toBe(409);
    const body = await problem(refused);
    expect(body.code).toBe("organization_limit_reached");
    expect(body.errors?.map((error) => error.path)).toEqual(["maxConcurrentDeployments"]);
    expect(body.detail).toContain("1 deployments queued or running");

    const { tenant } = (await first.json()) as { tenant: { id: string } };
    const deleted = await request(`/v1/tenants/${tenant.id}`, { method: "DELETE", headers });
    expect(deleted.status).toBe(202);
  });
});

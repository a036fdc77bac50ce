import { describe, expect, it } from "vitest";
import { keyWith } from "../env/support.ts";
import { createOrg, createTenant } from "../harness.ts";
import { finishDeployment } from "../redeploy/support.ts";
import { imageService, serviceCall, servicesPath } from "./support.ts";

describe("services across organizations and scopes", () => {
  it("answers 404 for another organization's tenant and 403 to a read key on every write", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const created = await createTenant(owner, { database: null });
    await finishDeployment(created.deployment.id, "ready");
    const { tenant } = created;
    const writes: [Parameters<typeof serviceCall>[1], string, unknown][] = [
      ["POST", servicesPath(tenant.id), imageService("api")],
      ["PATCH", servicesPath(tenant.id, "web"), { port: 4000 }],
      ["DELETE", servicesPath(tenant.id, "web"), undefined],
      ["POST", servicesPath(tenant.id, "web", "scale"), { replicas: 1 }],
      ["POST", servicesPath(tenant.id, "web", "restart"), undefined],
    ];
    const reads: [Parameters<typeof serviceCall>[1], string, unknown][] = [
      ["GET", servicesPath(tenant.id), undefined],
      ["GET", servicesPath(tenant.id, "web"), undefined],
    ];
    for (const [method, path, body] of [...reads, ...writes]) {
      const res = await serviceCall(other, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const reader = { headers: await keyWith(owner, ["read"]) };
    expect((await serviceCall(reader, "GET", servicesPath(tenant.id))).status).toBe(200);
    for (const [method, path, body] of writes) {
      const res = await serviceCall(reader, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });
});

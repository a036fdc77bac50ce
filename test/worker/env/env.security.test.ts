import { describe, expect, it } from "vitest";
import { captureJobs, createOrg, problem } from "../harness.ts";
import { envCall, envPath, expectNoSecret, keyWith, twoServiceTenant } from "./support.ts";

const writes = (tenantId: string) =>
  [
    ["PUT", envPath(tenantId), { A: "1" }],
    ["PATCH", envPath(tenantId), { A: "1" }],
    ["DELETE", envPath(tenantId, { key: "A" }), undefined],
    ["PUT", envPath(tenantId, { service: "web" }), { A: "1" }],
    ["PATCH", envPath(tenantId, { service: "web" }), { A: null }],
    ["DELETE", envPath(tenantId, { service: "web", key: "API_TOKEN" }), undefined],
  ] as const;

describe("env access", () => {
  it("answers 404 to another organization, reads and writes alike, and queues nothing", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const { tenant } = await twoServiceTenant(owner);
    const jobs = captureJobs();
    const calls = [
      ["GET", envPath(tenant.id), undefined],
      ["GET", `${envPath(tenant.id, { service: "web" })}?reveal=true`, undefined],
      ...writes(tenant.id),
    ] as const;
    for (const [method, path, body] of calls) {
      const res = await envCall(stranger.headers, method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expectNoSecret(await res.text());
    }
    expect(jobs).toEqual([]);
  });

  it("refuses a read key every write and the reveal (403), and a write key the reveal", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const read = await keyWith(org, ["read"]);
    const write = await keyWith(org, ["write"]);
    for (const [method, path, body] of writes(tenant.id)) {
      const res = await envCall(read, method, path, body);
      expect((await problem(res)).code).toBe("forbidden");
    }
    for (const headers of [read, write]) {
      const res = await envCall(
        headers,
        "GET",
        `${envPath(tenant.id, { service: "web" })}?reveal=true`,
      );
      expect(res.status).toBe(403);
      expectNoSecret(await res.text());
    }
    const masked = await envCall(read, "GET", envPath(tenant.id, { service: "web" }));
    expect(await masked.json()).toEqual({ env: { API_TOKEN: "********" } });
  });
});

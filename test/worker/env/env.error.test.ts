import { describe, expect, it } from "vitest";
import { createOrg, problem } from "../harness.ts";
import { envCall, envPath, twoServiceTenant } from "./support.ts";

describe("env changes refused before anything is stored or queued", () => {
  it.each([
    ["a name that is no environment variable name", { "1BAD": "x" }, "1BAD"],
    ["a name the platform sets", { PORT: "80" }, "PORT"],
    ["an ENCLAVE_ name", { ENCLAVE_MODE: "x" }, "ENCLAVE_MODE"],
    ["a value over 32 KiB", { BIG: "x".repeat(32 * 1024 + 1) }, "BIG"],
    [
      "more than 256 KiB in all",
      Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`V${i}`, "x".repeat(30 * 1024)])),
      "env",
    ],
    [
      "more than 100 variables",
      Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, "x"])),
      "",
    ],
  ])("refuses %s with 400", async (_, body, path) => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    for (const where of [{}, { service: "web" }]) {
      const res = await envCall(org.headers, "PUT", envPath(tenant.id, where), body);
      expect(res.status).toBe(400);
      const body400 = await problem(res);
      expect(body400.code).toBe("validation_failed");
      expect(JSON.stringify(body400.errors)).toContain(path);
    }
    const listed = await envCall(org.headers, "GET", envPath(tenant.id));
    expect(await listed.json()).toEqual({ env: {} });
  });

  it("refuses a patch that sets a platform name, and an empty patch", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const platform = await envCall(org.headers, "PATCH", envPath(tenant.id), {
      DATABASE_URL: "postgres://x",
    });
    expect(platform.status).toBe(400);
    expect((await problem(platform)).errors).toEqual([
      { path: "env.DATABASE_URL", message: expect.stringContaining("set by the platform") },
    ]);
    const empty = await envCall(org.headers, "PATCH", envPath(tenant.id), {});
    expect(empty.status).toBe(400);
  });

  it("answers 404 for a variable that is not set, an unknown service and an unknown tenant", async () => {
    const org = await createOrg();
    const { tenant } = await twoServiceTenant(org);
    const missingKey = await envCall(org.headers, "DELETE", envPath(tenant.id, { key: "NOPE" }));
    expect(missingKey.status).toBe(404);
    expect((await problem(missingKey)).detail).toBe("Variable not found");
    const service = await envCall(org.headers, "GET", envPath(tenant.id, { service: "nope" }));
    expect(service.status).toBe(404);
    const unknown = await envCall(org.headers, "GET", envPath("ten_00000000000000000000"));
    expect(unknown.status).toBe(404);
  });

  it("answers 409 while another deployment of the tenant is queued", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await twoServiceTenant(org, { ready: false });
    const res = await envCall(org.headers, "PATCH", envPath(tenant.id), { A: "1" });
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toContain(deployment.id);
  });
});

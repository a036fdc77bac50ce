import { describe, expect, it } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import { addRule, rulesPath, settle } from "./support.ts";

describe("network rule errors", () => {
  it.each([
    ["10.0.0.0/8", "cidr"],
    ["10.42.0.0/16", "cidr"],
    ["169.254.169.254/32", "cidr"],
    ["0.0.0.0/0", "cidr"],
    ["192.168.1.0/24", "cidr"],
    ["2001:db8::/32", "cidr"],
    ["not-a-cidr", "cidr"],
  ])("refuse %s by default (400 on %s)", async (cidr, path) => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await settle(deployment.id);
    const res = await addRule(org, tenant.id, { cidr });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.map((e) => e.path)).toContain(path);
  });

  it("refuse DNS ports, bad ports and unknown protocols (400)", async () => {
    const org = await createOrg();
    const { tenant, deployment } = await createTenant(org);
    await settle(deployment.id);
    for (const [body, path] of [
      [{ cidr: "203.0.113.0/24", ports: [53] }, "ports.0"],
      [{ cidr: "203.0.113.0/24", ports: [443, 853] }, "ports.1"],
      [{ cidr: "203.0.113.0/24", ports: [70000] }, "ports.0"],
      [{ cidr: "203.0.113.0/24", protocol: "SCTP" }, "protocol"],
      [{ cidr: "203.0.113.0/24", direction: "ingress" }, ""],
    ] as const) {
      const res = await addRule(org, tenant.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (path) expect((await problem(res)).errors?.map((e) => e.path)).toContain(path);
    }
  });

  it("refuse a change while another deployment runs (409), and an unknown rule (404)", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const res = await addRule(org, tenant.id, { cidr: "203.0.113.0/24" });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("invalid_state");
    const missing = await request(rulesPath(tenant.id, "nrl_0000000000000000none"), {
      method: "DELETE",
      headers: org.headers,
    });
    expect(missing.status).toBe(404);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { createOrg, createTenant, problem, request } from "../harness.ts";
import { mockRunnerLogs } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("runtime logs errors", () => {
  it("answers 404 for a service the tenant does not have, without asking the runner", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    const calls = mockRunnerLogs(() => new Response(""));
    const res = await request(`/v1/tenants/${tenant.id}/services/api/logs`, {
      headers: org.headers,
    });
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe("not_found");
    expect(calls).toHaveLength(0);
  });

  it.each(["tail=0", "tail=lots", "since=10", "since=5d", "since=0s", "follow=yes", "format=xml"])(
    "refuses %s with 400",
    async (query) => {
      const org = await createOrg();
      const { tenant } = await createTenant(org);
      const res = await request(`/v1/tenants/${tenant.id}/services/web/logs?${query}`, {
        headers: org.headers,
      });
      expect(res.status).toBe(400);
      expect((await problem(res)).code).toBe("validation_failed");
    },
  );

  it("answers 503 runner_unavailable when the runner cannot be reached or refuses", async () => {
    const org = await createOrg();
    const { tenant } = await createTenant(org);
    mockRunnerLogs(() => new TypeError("fetch failed"));
    const down = await request(`/v1/tenants/${tenant.id}/services/web/logs`, {
      headers: org.headers,
    });
    expect(down.status).toBe(503);
    expect((await problem(down)).code).toBe("runner_unavailable");
    vi.restoreAllMocks();
    mockRunnerLogs(() => new Response("{}", { status: 401 }));
    const refused = await request(`/v1/tenants/${tenant.id}/services/web/logs`, {
      headers: org.headers,
    });
    expect(refused.status).toBe(503);
    expect((await problem(refused)).code).toBe("runner_unavailable");
  });

  it("answers 404 for another organization's deployment log", async () => {
    const owner = await createOrg();
    const { deployment } = await createTenant(owner);
    const stranger = await createOrg(["read"]);
    const res = await request(`/v1/deployments/${deployment.id}/logs`, {
      headers: stranger.headers,
    });
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe("not_found");
  });
});

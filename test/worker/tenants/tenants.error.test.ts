import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { gitUrlProblem } from "../../../worker/tenants/git-url.ts";
import { createOrg, problem, request, tenantBody } from "../harness.ts";
import type { TenantOperation } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

async function postTenant(body: unknown) {
  const org = await createOrg();
  const res = await request("/v1/tenants", { method: "POST", headers: org.headers, json: body });
  return { res, org };
}

async function expectFieldError(body: unknown, path: string) {
  const { res } = await postTenant(body);
  expect(res.status).toBe(400);
  const p = await problem(res);
  expect(p.code).toBe("validation_failed");
  expect(p.errors?.map((e) => e.path)).toContain(path);
}

describe("POST /v1/tenants validation", () => {
  it("rejects unknown fields at every level", async () => {
    await expectFieldError(tenantBody({ organizationId: "org_x" }), "(root)");
    const service = tenantBody().services[0];
    await expectFieldError(tenantBody({ services: [{ ...service, replicas: 3 }] }), "services.0");
    await expectFieldError(
      tenantBody({ services: [{ ...service, source: { ...service?.source, token: "x" } }] }),
      "services.0.source",
    );
  });

  it.each([
    ["Upper", "not a DNS label"],
    ["a".repeat(41), "longer than 40"],
    ["kube-system", "reserved"],
    ["default", "reserved"],
    ["enclave-api", "reserved prefix"],
    ["-acme", "leading dash"],
  ])("rejects the slug %s (%s)", async (slug) => {
    await expectFieldError(tenantBody({ slug }), "slug");
  });

  it("rejects an unknown plan and an unsupported database version", async () => {
    await expectFieldError(tenantBody({ plan: "platinum" }), "plan");
    await expectFieldError(
      tenantBody({ database: { engine: "postgres", version: "9" } }),
      "database.version",
    );
    await expectFieldError(
      tenantBody({ database: { engine: "oracle", version: "1" } }),
      "database.engine",
    );
  });

  it("rejects duplicate service names, no services and bad env names", async () => {
    const service = tenantBody().services[0];
    await expectFieldError(tenantBody({ services: [service, service] }), "services");
    await expectFieldError(tenantBody({ services: [] }), "services");
    await expectFieldError(
      tenantBody({ services: [{ ...service, env: { "1BAD": "x" } }] }),
      "services.0.env.1BAD",
    );
  });

  it.each([
    "http://github.com/acme/app.git",
    "https://gitserver/acme/app.git",
    "https://10.0.0.5/app.git",
    "https://169.254.169.254/latest",
    "https://user:token@github.com/acme/app.git",
    "git://github.com/acme/app.git",
  ])("rejects the git URL %s", async (url) => {
    const service = tenantBody().services[0];
    await expectFieldError(
      tenantBody({ services: [{ ...service, source: { type: "git", url } }] }),
      "services.0.source.url",
    );
  });

  it.each([
    "ssh://git@github.com/acme/app.git",
    "git@github.com:acme/app.git",
    "git+ssh://git@github.com/acme/app.git",
  ])("refuses the ssh URL %s with a message that says to use https", async (url) => {
    const service = tenantBody().services[0];
    const { res } = await postTenant(
      tenantBody({ services: [{ ...service, source: { type: "git", url } }] }),
    );
    expect(res.status).toBe(400);
    const error = (await problem(res)).errors?.find((e) => e.path === "services.0.source.url");
    expect(error?.message).toMatch(/ssh .*not supported: use the repository's https:\/\/ URL/);
  });

  it.each([
    "https://github.com/acme/app.git --upload-pack=touch /tmp/x",
    "https://github.com/acme/app.git\n",
    "https://github.com/acme/\u0000app.git",
    "https://github.com/acme/--upload-pack=x",
    "https://-oProxyCommand=x/acme/app.git",
  ])("refuses the malformed git URL %j", async (url) => {
    const service = tenantBody().services[0];
    await expectFieldError(
      tenantBody({ services: [{ ...service, source: { type: "git", url } }] }),
      "services.0.source.url",
    );
  });

  it.each(["database", "database-credentials", "tenant", "tenant-quota"])(
    "refuses the service name %s, taken by a platform object",
    async (name) => {
      const service = tenantBody().services[0];
      await expectFieldError(tenantBody({ services: [{ ...service, name }] }), "services.0.name");
    },
  );

  it.each(["PORT", "DATABASE_URL", "ENCLAVE_SERVICE_API_URL", "ENCLAVE_ANYTHING"])(
    "refuses the env name %s, set by the platform",
    async (name) => {
      const service = tenantBody().services[0];
      const { res } = await postTenant(
        tenantBody({ services: [{ ...service, env: { [name]: "x" } }] }),
      );
      expect(res.status).toBe(400);
      const error = (await problem(res)).errors?.find((e) => e.path === `services.0.env.${name}`);
      expect(error?.message).toContain(`${name} is set by the platform`);
    },
  );

  it("refuses what the plan cannot fit with a 422 naming the limit", async () => {
    const service = tenantBody().services[0];
    const services = Array.from({ length: 10 }, (_, i) => ({ ...service, name: `svc-${i}` }));
    const { res } = await postTenant(tenantBody({ plan: "starter", services }));
    expect(res.status).toBe(422);
    const p = await problem(res);
    expect(p.code).toBe("plan_limit_exceeded");
    expect(p.detail).toContain("The tenant does not fit the starter plan");
    expect(p.detail).toContain("the starter plan's limitsCpu is 4");
    const fits = await postTenant(tenantBody({ plan: "business", services: services.slice(0, 3) }));
    expect(fits.res.status).toBe(202);
  });

  it("refuses a plan change the tenant would not fit, before any deployment", async () => {
    const service = tenantBody().services[0];
    const services = Array.from({ length: 5 }, (_, i) => ({ ...service, name: `svc-${i}` }));
    const { res, org } = await postTenant(tenantBody({ plan: "starter", services }));
    expect(res.status).toBe(202);
    const { tenant } = (await res.json()) as TenantOperation;
    const patched = await request(`/v1/tenants/${tenant.id}`, {
      method: "PATCH",
      headers: org.headers,
      json: { plan: "business" },
    });
    expect(patched.status).toBe(422);
    expect((await problem(patched)).detail).toContain("the business plan's limitsCpu is 16");
  });

  it("accepts file:// and local paths only in local mode", () => {
    expect(gitUrlProblem("file:///srv/app.git", "local")).toBeNull();
    expect(gitUrlProblem("/srv/app", "local")).toBeNull();
    expect(gitUrlProblem("file:///srv/app.git", "live")).not.toBeNull();
    expect(gitUrlProblem("/srv/app", "live")).not.toBeNull();
    expect(gitUrlProblem("ssh://git@github.com/acme/app.git", "live")).toMatch(/ssh/);
    expect(gitUrlProblem("https://gitlab.com/acme/app.git", "live")).toBeNull();
  });

  it("accepts a git server on the user's own machine only in local mode", () => {
    const loopback = [
      "http://127.0.0.1:9418/app.git",
      "https://localhost:8443/app.git",
      "http://[::1]/app.git",
    ];
    for (const url of loopback) {
      expect(gitUrlProblem(url, "local")).toBeNull();
      expect(gitUrlProblem(url, "live")).not.toBeNull();
    }
    for (const url of ["http://gitlab.com/a/b.git", "http://10.0.0.5/a.git", "ftp://127.0.0.1/a"]) {
      expect(gitUrlProblem(url, "local")).toMatch(/on this machine/);
    }
    expect(gitUrlProblem("https://10.0.0.5/app.git", "local")).toBe("must point to a public host");
    expect(gitUrlProblem("http://user:pw@127.0.0.1/app.git", "local")).toBe(
      "must not contain credentials",
    );
  });

  it("rejects a git ref that could become an option", async () => {
    const service = tenantBody().services[0];
    await expectFieldError(
      tenantBody({
        services: [
          {
            ...service,
            source: { type: "git", url: "https://github.com/a/b.git", ref: "--upload-pack=x" },
          },
        ],
      }),
      "services.0.source.ref",
    );
  });
});

describe("POST /v1/tenants conflicts and failures", () => {
  it("answers 409 for a slug already used by any organization", async () => {
    const body = tenantBody();
    const first = await postTenant(body);
    expect(first.res.status).toBe(202);
    const second = await postTenant({ ...body, name: "Other" });
    expect(second.res.status).toBe(409);
    expect((await problem(second.res)).code).toBe("slug_taken");
  });

  it("answers 503 and marks the deployment failed when the queue refuses the job", async () => {
    vi.spyOn(env.JOBS, "send").mockRejectedValue(new Error("queue down"));
    const { res, org } = await postTenant(tenantBody());
    expect(res.status).toBe(503);
    expect((await problem(res)).code).toBe("queue_unavailable");
    const list = (await (await request("/v1/tenants", { headers: org.headers })).json()) as {
      data: { id: string; status: string }[];
    };
    expect(list.data[0]?.status).toBe("failed");
    const deployments = (await (
      await request(`/v1/tenants/${list.data[0]?.id}/deployments`, { headers: org.headers })
    ).json()) as { data: { id: string; status: string; statusReason: string }[] };
    expect(deployments.data[0]).toMatchObject({ status: "failed" });
    expect(deployments.data[0]?.statusReason).toMatch(/could not be queued/);
    // The stream ends with the failure instead of waiting for a job that does not exist.
    const stream = await request(`/v1/deployments/${deployments.data[0]?.id}/events`, {
      headers: org.headers,
    });
    const text = await stream.text();
    expect(text).toContain("deployment.failed");
    expect(text).toContain("event: end");
  });
});

describe("GET/PATCH/DELETE /v1/tenants/:id errors", () => {
  it("answers 404 for an unknown tenant", async () => {
    const org = await createOrg();
    const res = await request("/v1/tenants/ten_00000000000000000000", { headers: org.headers });
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe("not_found");
  });

  it("refuses an empty patch, unknown fields and slug changes", async () => {
    const { res: created, org } = await postTenant(tenantBody());
    const { tenant } = (await created.json()) as TenantOperation;
    for (const json of [{}, { slug: "other" }, { plan: "platinum" }]) {
      const res = await request(`/v1/tenants/${tenant.id}`, {
        method: "PATCH",
        headers: org.headers,
        json,
      });
      expect(res.status).toBe(400);
    }
  });

  it("answers 409 when deleting or patching a tenant that is already deleting", async () => {
    const { res: created, org } = await postTenant(tenantBody());
    const { tenant } = (await created.json()) as TenantOperation;
    const path = `/v1/tenants/${tenant.id}`;
    expect((await request(path, { method: "DELETE", headers: org.headers })).status).toBe(202);
    const again = await request(path, { method: "DELETE", headers: org.headers });
    expect(again.status).toBe(409);
    expect((await problem(again)).code).toBe("invalid_state");
    const patch = await request(path, {
      method: "PATCH",
      headers: org.headers,
      json: { plan: "business" },
    });
    expect(patch.status).toBe(409);
  });

  it("rejects a cursor it did not issue and an out-of-range limit", async () => {
    const org = await createOrg();
    for (const query of ["cursor=not-a-cursor", "limit=0", "limit=101", "status=bogus"]) {
      const res = await request(`/v1/tenants?${query}`, { headers: org.headers });
      expect(res.status).toBe(400);
    }
  });
});

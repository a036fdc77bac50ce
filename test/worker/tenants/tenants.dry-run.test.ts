import { env } from "cloudflare:workers";
import { jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_PLANS,
  DETECTION_TOKEN_TYPE,
  type DetectionResult,
  EDGE_ISSUER,
  JOB_TOKEN_AUDIENCE,
} from "../../../worker/contracts/index.ts";
import {
  bearer,
  captureJobs,
  createOrg,
  createTenant,
  OPERATOR_TOKEN,
  problem,
  request,
  tenantBody,
} from "../harness.ts";
import { mockRunner } from "../support/runner-mock.ts";
import type { Page } from "../types.ts";

afterEach(() => vi.restoreAllMocks());

const dryRun = (org: { headers: Record<string, string> }, body: unknown, headers = {}) =>
  request("/v1/tenants?dryRun=true", {
    method: "POST",
    headers: { ...org.headers, ...headers },
    json: body,
  });

describe("POST /v1/tenants?dryRun=true", () => {
  it("answers what would be created, env masked and DNS records named, and creates nothing", async () => {
    const org = await createOrg();
    const jobs = captureJobs();
    const body = tenantBody({ domains: ["app.acme.com"] });
    const res = await dryRun(org, body);
    expect(res.status).toBe(200);
    const preview = (await res.json()) as Record<string, unknown>;
    expect(preview).toMatchObject({
      dryRun: true,
      tenant: { name: "Acme Corp", slug: body.slug, url: `https://${body.slug}.enclave.localhost` },
      plan: { name: "starter", quota: DEFAULT_PLANS.starter },
      services: [
        {
          name: "web",
          port: 3000,
          replicas: 1,
          env: { LOG_LEVEL: "********", API_TOKEN: "********" },
          build: "detected and built from the repository when the deployment runs",
        },
      ],
      database: { engine: "postgres", version: "16", storage: "5Gi" },
      domains: [
        {
          domain: "app.acme.com",
          records: [
            { type: "CNAME", name: "app.acme.com", value: `${body.slug}.enclave.localhost` },
          ],
        },
      ],
      usage: { pods: { used: 3, allowed: 20 }, persistentVolumeClaims: { used: 1, allowed: 4 } },
    });
    expect(JSON.stringify(preview)).not.toContain("s3cr3t-value");
    expect(jobs).toEqual([]);
    const list = (await (
      await request("/v1/tenants", { headers: org.headers })
    ).json()) as Page<unknown>;
    expect(list.data).toEqual([]);
    const audit = (await (await request("/v1/audit", { headers: org.headers })).json()) as Page<{
      action: string;
    }>;
    expect(audit.data.map((entry) => entry.action)).not.toContain("tenant.create");
  });

  it("refuses what the real request would refuse, with the field named", async () => {
    const org = await createOrg();
    const invalid = await dryRun(org, tenantBody({ slug: "Not A Slug" }));
    expect(invalid.status).toBe(400);
    expect((await problem(invalid)).errors?.map((e) => e.path)).toContain("slug");

    const badVersion = await dryRun(
      org,
      tenantBody({ database: { engine: "postgres", version: "1" } }),
    );
    expect((await problem(badVersion)).errors?.map((e) => e.path)).toEqual(["database.version"]);

    const { tenant } = await createTenant(org);
    const taken = await dryRun(org, tenantBody({ slug: tenant.slug }));
    expect(taken.status).toBe(409);
    expect((await problem(taken)).code).toBe("slug_taken");
  });

  it("checks that the tenant fits its plan", async () => {
    const org = await createOrg();
    const put = await request("/v1/admin/config/plans", {
      method: "PUT",
      headers: bearer(OPERATOR_TOKEN),
      json: { value: { ...DEFAULT_PLANS, tiny: { ...DEFAULT_PLANS.starter, pods: 1 } } },
    });
    expect(put.status).toBe(200);
    try {
      const res = await dryRun(org, tenantBody({ plan: "tiny" }));
      expect(res.status).toBe(422);
      const refusal = await problem(res);
      expect(refusal.code).toBe("plan_limit_exceeded");
      expect(refusal.errors).toEqual([
        {
          path: "plan",
          message: expect.stringMatching(/^the tiny plan's pods is 1, and .* need 3$/),
        },
      ]);
    } finally {
      await request("/v1/admin/config/plans", {
        method: "DELETE",
        headers: bearer(OPERATOR_TOKEN),
      });
    }
  });

  it("does not occupy an Idempotency-Key: the real create with the same key still runs", async () => {
    const org = await createOrg();
    const body = tenantBody();
    const headers = { "idempotency-key": `dry-${crypto.randomUUID()}` };
    expect((await dryRun(org, body, headers)).status).toBe(200);
    const created = await request("/v1/tenants", {
      method: "POST",
      headers: { ...org.headers, ...headers },
      json: body,
    });
    expect(created.status).toBe(202);
  });

  it("needs the write scope like the real request", async () => {
    const org = await createOrg(["read"]);
    const res = await dryRun(org, tenantBody());
    expect(res.status).toBe(403);
  });
});

describe("the dry run's detection preview", () => {
  const detection: DetectionResult = {
    path: ".",
    dockerfile: null,
    languages: [
      {
        value: "Node.js",
        confidence: "definite",
        evidence: [{ file: "package.json", signal: "package.json" }],
      },
    ],
    frameworks: [],
    packageManager: null,
    runtimeVersion: null,
    buildCommand: null,
    startCommand: {
      value: "npm run start",
      confidence: "definite",
      evidence: [{ file: "package.json", signal: "scripts.start: node server.js" }],
    },
    port: { value: 3000, confidence: "probable", evidence: [] },
    healthPath: null,
    outputDirectory: null,
    template: "node-server",
    candidates: [],
  };
  const gitSource = { type: "git", url: "https://github.com/acme/app.git", ref: "main", path: "." };
  const withImage = (overrides: Record<string, unknown> = {}) =>
    tenantBody({
      database: null,
      services: [
        { name: "web", source: gitSource, port: 3000 },
        { name: "cache", source: { type: "image", image: "redis:7" }, port: 6379 },
      ],
      ...overrides,
    });
  const answer = (results: unknown[]) => Response.json({ results });
  const previews = async (res: Response) =>
    ((await res.json()) as { services: { detection: unknown }[] }).services.map(
      (service) => service.detection,
    );

  it("asks the runner with a detection token for the organization and shows what it found; image services get null", async () => {
    const org = await createOrg();
    const jobs = captureJobs();
    const calls = mockRunner(() => answer([{ status: "detected", detection }]));
    const body = withImage();
    const res = await dryRun(org, body);

    expect(res.status).toBe(200);
    expect(await previews(res)).toEqual([{ status: "detected", detection }, null]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${env.RUNNER_URL}/v1/detections`);
    expect(calls[0]?.body).toEqual({
      sources: [gitSource],
      detectionRules: [],
      timeoutSeconds: 20,
    });
    const token = calls[0]?.authorization?.replace(/^Bearer /, "") ?? "";
    const { payload } = await jwtVerify(token, new TextEncoder().encode(env.JOB_TOKEN_SECRET), {
      issuer: EDGE_ISSUER,
      audience: JOB_TOKEN_AUDIENCE,
      algorithms: ["HS256"],
    });
    expect(payload).toMatchObject({ type: DETECTION_TOKEN_TYPE, sub: org.orgId });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(60);

    expect(jobs).toEqual([]);
    const list = (await (
      await request("/v1/tenants", { headers: org.headers })
    ).json()) as Page<unknown>;
    expect(list.data).toEqual([]);
  });

  it("passes on why detection would fail, with the customer's message", async () => {
    const org = await createOrg();
    const failed = {
      status: "failed",
      code: "path_not_found",
      message: 'The folder "api" does not exist in the repository.',
      candidates: [],
    };
    mockRunner(() => answer([failed]));
    const res = await dryRun(org, withImage());
    expect(res.status).toBe(200);
    expect(await previews(res)).toEqual([failed, null]);
  });

  it.each([
    ["answers 503", () => 503],
    ["cannot be reached", () => new TypeError("fetch failed")],
    ["answers something else", () => answer([{ status: "maybe" }])],
    ["answers for fewer sources", () => answer([])],
  ])("still answers 200 with the preview unavailable when the runner %s", async (_, respond) => {
    const org = await createOrg();
    const jobs = captureJobs();
    mockRunner(respond);
    const res = await dryRun(org, withImage());
    expect(res.status).toBe(200);
    expect(await previews(res)).toEqual([
      { status: "unavailable", message: expect.stringContaining("runner") },
      null,
    ]);
    expect(jobs).toEqual([]);
  });

  it("does not ask the runner for a request without repositories, nor for an invalid one", async () => {
    const org = await createOrg();
    const calls = mockRunner(() => 500);
    const imagesOnly = await dryRun(
      org,
      withImage({
        services: [{ name: "cache", source: { type: "image", image: "redis:7" }, port: 6379 }],
      }),
    );
    expect(await previews(imagesOnly)).toEqual([null]);
    const invalid = await dryRun(org, withImage({ slug: "Not A Slug" }));
    expect(invalid.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it("sends the operator's detection rules and preview time", async () => {
    const org = await createOrg();
    const rules = [{ id: "acme-web", name: "Acme", ecosystem: "node", dependencies: ["acme"] }];
    const configure = (key: string, value: unknown) =>
      request(`/v1/admin/config/${key}`, {
        method: "PUT",
        headers: bearer(OPERATOR_TOKEN),
        json: { value },
      });
    expect((await configure("detectionRules", rules)).status).toBe(200);
    expect((await configure("timeouts", { detectionPreviewSeconds: 7 })).status).toBe(200);
    try {
      const calls = mockRunner(() => answer([{ status: "detected", detection }]));
      expect((await dryRun(org, withImage())).status).toBe(200);
      expect(calls[0]?.body).toMatchObject({ detectionRules: rules, timeoutSeconds: 7 });
    } finally {
      for (const key of ["detectionRules", "timeouts"]) {
        await request(`/v1/admin/config/${key}`, {
          method: "DELETE",
          headers: bearer(OPERATOR_TOKEN),
        });
      }
    }
  });
});

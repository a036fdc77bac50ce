import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi, redeployOperation, TENANT_ID } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const SERVICES_PATH = `/v1/tenants/${TENANT_ID}/services`;

const serviceView = (overrides: Record<string, unknown> = {}) => ({
  id: "svc_0123456789abcdefghjk",
  name: "web",
  kind: "web",
  source: { type: "image", image: "ghcr.io/acme/web:1" },
  port: 3000,
  healthPath: "/healthz",
  public: true,
  replicas: null,
  schedule: null,
  command: null,
  concurrencyPolicy: null,
  restartedAt: null,
  url: "https://acme.enclave.localhost",
  env: { API_TOKEN: "********" },
  ...overrides,
});

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave services", () => {
  it("lists the services with kind, port, replicas and where each is reached", async () => {
    api.json("GET", SERVICES_PATH, 200, {
      services: [
        serviceView(),
        serviceView({
          name: "report",
          kind: "cron",
          port: null,
          public: false,
          url: null,
          schedule: "0 3 * * *",
        }),
      ],
    });
    const result = await cli("services", "list", TENANT_ID);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/NAME\s+KIND\s+PORT\s+REPLICAS\s+URL/);
    expect(lines[1]).toMatch(/web\s+web\s+3000\s+plan\s+https:\/\/acme\.enclave\.localhost/);
    expect(lines[2]).toMatch(/report\s+cron 0 3 \* \* \*\s+plan\s+internal/);
  });

  it("shows one service, env names only", async () => {
    api.json("GET", `${SERVICES_PATH}/web`, 200, serviceView({ replicas: 2 }));
    const result = await cli("services", "show", TENANT_ID, "web");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/replicas:\s+2/);
    expect(result.stdout).toMatch(/env:\s+API_TOKEN/);
  });

  it("adds a cron service with its schedule, policy and the command after --", async () => {
    api.json("POST", SERVICES_PATH, 202, redeployOperation());
    const result = await cli(
      ...["services", "add", TENANT_ID, "report", "--kind", "cron", "--image", "ghcr.io/acme/r:1"],
      ...["--schedule", "*/15 * * * *", "--concurrency-policy", "Replace", "--env", "K=s3cr3t"],
      ...["--json", "--", "node", "report.js", "--verbose"],
    );
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: "POST",
      path: SERVICES_PATH,
      body: {
        name: "report",
        kind: "cron",
        source: { type: "image", image: "ghcr.io/acme/r:1" },
        schedule: "*/15 * * * *",
        concurrencyPolicy: "Replace",
        command: ["node", "report.js", "--verbose"],
        env: { K: "s3cr3t" },
      },
    });
    expect(api.requests[0]?.headers["idempotency-key"]).toEqual(expect.any(String));
    expect(`${result.stdout}${result.stderr}`).not.toContain("s3cr3t");
  });

  it("adds a public web service", async () => {
    api.json("POST", SERVICES_PATH, 202, redeployOperation());
    const result = await cli(
      ...["services", "add", TENANT_ID, "admin", "--image", "ghcr.io/acme/a:1"],
      ...["--port", "8080", "--public", "--idempotency-key", "k-1"],
    );
    expect(result.code).toBe(0);
    expect(api.requests[0]?.body).toEqual({
      name: "admin",
      source: { type: "image", image: "ghcr.io/acme/a:1" },
      port: 8080,
      public: true,
    });
    expect(api.requests[0]?.headers["idempotency-key"]).toBe("k-1");
  });

  it("updates the public flag, schedule, concurrency policy and the command after --", async () => {
    api.json("PATCH", `${SERVICES_PATH}/report`, 202, redeployOperation());
    const result = await cli(
      ...["services", "update", TENANT_ID, "report", "--schedule", "0 4 * * *", "--no-public"],
      ...["--concurrency-policy", "Allow", "--json", "--", "node", "report.js", "--full"],
    );
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: "PATCH",
      path: `${SERVICES_PATH}/report`,
      body: {
        public: false,
        schedule: "0 4 * * *",
        concurrencyPolicy: "Allow",
        command: ["node", "report.js", "--full"],
      },
    });
  });

  it("makes a service public and gives it back the image's own command", async () => {
    api.json("PATCH", `${SERVICES_PATH}/admin`, 202, redeployOperation());
    const result = await cli("services", "update", TENANT_ID, "admin", "--public", "--no-command");
    expect(result.code).toBe(0);
    expect(api.requests[0]?.body).toEqual({ public: true, command: null });
  });

  it("refuses contradicting or malformed update flags before any request", async () => {
    const refusals = [
      [["--public", "--no-public"], "--public or --no-public"],
      [["--no-command", "--", "node", "x.js"], "--no-command, not both"],
      [["--"], "give the command after --"],
      [["--concurrency-policy", "Sometimes"], "--concurrency-policy must be one of"],
      [["node", "x.js"], "unexpected argument: node x.js"],
    ] as const;
    for (const [flags, message] of refusals) {
      const result = await cli("services", "update", TENANT_ID, "report", ...flags);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(api.requests).toHaveLength(0);
  });

  it("scales, restarts and removes a service", async () => {
    api.json("POST", `${SERVICES_PATH}/web/scale`, 202, redeployOperation());
    api.json("POST", `${SERVICES_PATH}/web/restart`, 202, redeployOperation());
    api.json("DELETE", `${SERVICES_PATH}/api`, 202, redeployOperation());
    expect((await cli("services", "scale", TENANT_ID, "web", "0")).code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: "POST", body: { replicas: 0 } });
    expect((await cli("services", "restart", TENANT_ID, "web")).code).toBe(0);
    expect(api.requests[1]).toMatchObject({ method: "POST", path: `${SERVICES_PATH}/web/restart` });
    expect((await cli("services", "remove", TENANT_ID, "api")).code).toBe(0);
    expect(api.requests[2]).toMatchObject({ method: "DELETE", path: `${SERVICES_PATH}/api` });
  });

  it("refuses a bad kind, a bad replica count and a missing source before any request", async () => {
    const badKind = await cli("services", "add", TENANT_ID, "x", "--image", "i:1", "--kind", "job");
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain("--kind must be one of web, worker, cron");
    const badCount = await cli("services", "scale", TENANT_ID, "web", "two");
    expect(badCount.code).toBe(2);
    const noSource = await cli("services", "add", TENANT_ID, "x", "--port", "80");
    expect(noSource.code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });
});

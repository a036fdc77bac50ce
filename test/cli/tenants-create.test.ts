import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEPLOYMENT_ID,
  droppingEventStream,
  EVENTS_PATH,
  events,
  FakeApi,
  operation,
  sendProblem,
} from "./fake-api.ts";
import { API_KEY, runCli } from "./run-cli.ts";

const success = events([
  { stage: "namespace", type: "stage.started", message: "namespace tenant-acme" },
  { stage: "namespace", type: "stage.completed", durationMs: 1200 },
  { stage: "build", type: "stage.started" },
  { stage: "build", type: "stage.log", message: "STEP 1/4: FROM node:22" },
  { stage: "build", type: "stage.completed", durationMs: 30_000 },
  { stage: "health", type: "stage.completed", durationMs: 500 },
  { stage: null, type: "deployment.ready", data: { url: "https://acme.enclave.localhost" } },
]);

const failure = events([
  { stage: "namespace", type: "stage.started" },
  { stage: "namespace", type: "stage.completed", durationMs: 900 },
  { stage: "build", type: "stage.started" },
  { stage: "build", type: "stage.failed", message: "npm ci exited with 1" },
  { stage: "build", type: "deployment.failed", message: "npm ci exited with 1" },
]);

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().json("POST", "/v1/tenants", 202, operation()).start();
});
afterEach(() => api.close());

const create = (...extra: string[]) =>
  runCli(
    [
      "tenants",
      "create",
      "--name",
      "Acme",
      "--image",
      "ghcr.io/acme/app:1.0",
      "--port",
      "8080",
      ...extra,
    ],
    {
      apiUrl: api.url,
    },
  );

describe("enclave tenants create", () => {
  it("sends the documented request with auth and an idempotency key", async () => {
    const result = await runCli(
      [
        "tenants",
        "create",
        "--name",
        "Acme Corp",
        "--github",
        "acme/app",
        "--ref",
        "v2",
        "--port",
        "3000",
        "--health-path",
        "/healthz",
        "--env",
        "A=1",
        "--env",
        "B=x=y",
        "--database",
        "postgres",
        "--domain",
        "app.acme.com",
        "--idempotency-key",
        "fixed-key",
      ],
      { apiUrl: api.url },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`enclave deployments watch ${DEPLOYMENT_ID}`);
    const [request] = api.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers["idempotency-key"]).toBe("fixed-key");
    expect(request?.body).toEqual({
      name: "Acme Corp",
      slug: "acme-corp",
      domains: ["app.acme.com"],
      database: { engine: "postgres", version: "16" },
      services: [
        {
          name: "web",
          source: { type: "github", repo: "acme/app", ref: "v2" },
          port: 3000,
          healthPath: "/healthz",
          env: { A: "1", B: "x=y" },
        },
      ],
    });
    expect(result.stdout).toContain(DEPLOYMENT_ID);
  });

  it("--wait follows the events across a dropped connection and prints the URL", async () => {
    const stream = droppingEventStream(success, 3);
    api.on("GET", EVENTS_PATH, stream.handler);
    const result = await create("--wait");
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("https://acme.enclave.localhost");
    expect(stream.lastEventIds).toEqual([undefined, "3"]);
    expect(result.stderr).toContain("resuming after event 3");
    expect(result.stderr).toMatch(/namespace\s+done in 1\.2s/);
    expect(result.stderr).toContain("| STEP 1/4: FROM node:22");
    // Each event shown once, even though event 4 was half-sent before the drop.
    expect(result.stderr.match(/STEP 1\/4/g)).toHaveLength(1);
  });

  it("--wait exits 1 with the failing stage and its reason", async () => {
    api.on("GET", EVENTS_PATH, droppingEventStream(failure, failure.length).handler);
    const result = await create("--wait");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("failed at stage build: npm ci exited with 1");
    expect(result.stdout).toBe("");
  });

  it("--wait --json prints one event per line, then the result", async () => {
    api.on("GET", EVENTS_PATH, droppingEventStream(success, 2).handler);
    const result = await create("--wait", "--json");
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.slice(0, -1).map((event) => event.id)).toEqual(success.map((e) => e.id));
    expect(lines.at(-1)).toEqual({
      deploymentId: DEPLOYMENT_ID,
      tenantId: operation().tenant.id,
      status: "ready",
      url: "https://acme.enclave.localhost",
    });
  });

  it("--json without --wait prints the API's answer", async () => {
    const result = await create("--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(operation());
  });

  it("shows a problem+json error with field paths and the request id", async () => {
    api.on("POST", "/v1/tenants", (_req, res) =>
      sendProblem(res, 400, {
        code: "validation_failed",
        title: "The request is invalid",
        detail: "The request is invalid",
        errors: [{ path: "services.0.port", message: "Too big: expected number to be <=65535" }],
      }),
    );
    const result = await create();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The request is invalid (400 validation_failed)");
    expect(result.stderr).toContain("services.0.port: Too big");
    expect(result.stderr).toContain("request id: req_test0001");
  });

  it("--json errors are JSON on stdout too", async () => {
    api.on("POST", "/v1/tenants", (_req, res) =>
      sendProblem(res, 409, {
        code: "slug_taken",
        title: "The slug is already in use",
        detail: "acme",
      }),
    );
    const result = await create("--json");
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ status: 409, code: "slug_taken" });
  });
});

describe("an unreachable API", () => {
  it("exits 1 and offers the idempotency key for a safe retry", async () => {
    const gone = await new FakeApi().start();
    await gone.close();
    const result = await runCli(
      ["tenants", "create", "--name", "Acme", "--image", "nginx", "--port", "80"],
      { apiUrl: gone.url },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach ${gone.url}/v1/tenants`);
    expect(result.stderr).toMatch(/Retry safely with: --idempotency-key [0-9a-f-]{36}/);
  });
});

describe("usage errors exit 2 without calling the API", () => {
  it.each([
    [["--name", "Acme"], "--git <url>, --github <owner/repo> or --image <ref>"],
    [["--name", "Acme", "--image", "x", "--git", "y"], "use only one of --git, --image"],
    [["--name", "Acme", "--image", "x", "--port", "http"], "--port must be an integer"],
    [["--name", "Acme", "--image", "x", "--database", "oracle"], "--database must be"],
    [["--name", "Acme", "--image", "x"], "--port is required"],
    [["--name", "Acme", "--image", "x", "--port", "1", "--env", "1X=2"], "--env must be KEY=VALUE"],
    [["--name", "Acme", "--image", "x", "--bogus"], "Unknown option '--bogus'"],
    [["--image", "x"], "--name is required"],
  ])("tenants create %j", async (args, message) => {
    const result = await runCli(["tenants", "create", ...args], { apiUrl: api.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage: enclave tenants create");
    expect(api.requests).toHaveLength(0);
  });
});

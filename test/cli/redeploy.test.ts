import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEPLOYMENT_ID,
  EVENTS_PATH,
  eventStream,
  events,
  FakeApi,
  readyTenant,
  redeployOperation,
  sendProblem,
  TENANT_ID,
} from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const SERVICE_PATH = `/v1/tenants/${TENANT_ID}/services/web`;

const ready = events([
  { stage: "namespace", type: "stage.started" },
  { stage: "deploy", type: "stage.completed", durationMs: 900 },
  { stage: null, type: "deployment.ready", data: { url: "https://acme.enclave.localhost" } },
]);
const failed = events([
  { stage: "build", type: "stage.started" },
  { stage: "build", type: "stage.failed", message: "npm ci exited with 1" },
  { stage: "build", type: "deployment.failed", message: "npm ci exited with 1" },
]);

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave tenants redeploy", () => {
  it("starts a deployment with an idempotency key and says how to follow it", async () => {
    api.json("POST", `/v1/tenants/${TENANT_ID}/deployments`, 202, redeployOperation());
    const result = await cli("tenants", "redeploy", TENANT_ID, "--idempotency-key", "k-1");
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: "POST",
      path: `/v1/tenants/${TENANT_ID}/deployments`,
      headers: { "idempotency-key": "k-1" },
    });
    expect(result.stdout).toContain(`is active; deployment ${DEPLOYMENT_ID} queued`);
    expect(result.stderr).toContain(`enclave deployments watch ${DEPLOYMENT_ID}`);
  });

  it("--wait --json follows the deployment and prints the result last", async () => {
    api.json("POST", `/v1/tenants/${TENANT_ID}/deployments`, 202, redeployOperation());
    api.on("GET", EVENTS_PATH, eventStream(ready));
    const result = await cli("tenants", "redeploy", TENANT_ID, "--wait", "--json");
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(ready.length + 1);
    expect(lines.at(-1)).toEqual({
      deploymentId: DEPLOYMENT_ID,
      tenantId: TENANT_ID,
      status: "ready",
      url: "https://acme.enclave.localhost",
    });
  });

  it("shows the 409 of a tenant with a deployment in progress and exits 1", async () => {
    api.on("POST", `/v1/tenants/${TENANT_ID}/deployments`, (_req, res) =>
      sendProblem(res, 409, {
        code: "invalid_state",
        title: "The resource is not in a state that allows this",
        detail:
          "Deployment dep_x of the tenant is still running; wait until it ends, then try again",
      }),
    );
    const result = await cli("tenants", "redeploy", TENANT_ID);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("dep_x of the tenant is still running");
  });
});

describe("enclave tenants update", () => {
  it("--plan --wait follows the deployment the plan change started, exiting 1 when it fails", async () => {
    api.json("PATCH", `/v1/tenants/${TENANT_ID}`, 202, redeployOperation());
    api.on("GET", EVENTS_PATH, eventStream(failed));
    const result = await cli("tenants", "update", TENANT_ID, "--plan", "business", "--wait");
    expect(result.code).toBe(1);
    expect(api.requests[0]?.body).toEqual({ plan: "business" });
    expect(api.requests[0]?.headers["idempotency-key"]).toEqual(expect.any(String));
    expect(result.stderr).toContain("failed at stage build: npm ci exited with 1");
  });

  it("a name change shows the tenant, with no deployment to follow", async () => {
    api.json("PATCH", `/v1/tenants/${TENANT_ID}`, 200, { ...readyTenant(), name: "Acme Inc" });
    const result = await cli("tenants", "update", TENANT_ID, "--name", "Acme Inc");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/name:\s+Acme Inc/);
    expect(api.requests).toHaveLength(1);
  });

  it("refuses to send an empty change", async () => {
    const result = await cli("tenants", "update", TENANT_ID);
    expect(result.code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });
});

describe("enclave services update", () => {
  it("sends env changes by name, port and health path, and never prints a value", async () => {
    api.json("PATCH", SERVICE_PATH, 202, redeployOperation());
    const result = await cli(
      ...["services", "update", TENANT_ID, "web", "--env", "API_TOKEN=s3cr3t=x"],
      ...["--env", "LOG_LEVEL=debug", "--unset-env", "OLD", "--port", "8080"],
      ...["--health-path", "/ready", "--json"],
    );
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: "PATCH",
      path: SERVICE_PATH,
      body: {
        envSet: { API_TOKEN: "s3cr3t=x", LOG_LEVEL: "debug" },
        envUnset: ["OLD"],
        port: 8080,
        healthPath: "/ready",
      },
    });
    expect(api.requests[0]?.headers["idempotency-key"]).toEqual(expect.any(String));
    expect(`${result.stdout}${result.stderr}`).not.toContain("s3cr3t");
    expect(JSON.parse(result.stdout)).toMatchObject({ deployment: { id: DEPLOYMENT_ID } });
  });

  it("--ref alone moves the service's current repository to another ref", async () => {
    api.json("GET", `/v1/tenants/${TENANT_ID}`, 200, readyTenant());
    api.json("PATCH", SERVICE_PATH, 202, redeployOperation());
    api.on("GET", EVENTS_PATH, eventStream(ready));
    const result = await cli("services", "update", TENANT_ID, "web", "--ref", "v2", "--wait");
    expect(result.code).toBe(0);
    expect(api.requests.at(1)?.body).toEqual({
      source: { type: "git", url: "https://github.com/acme/app.git", ref: "v2", path: "apps/web" },
    });
    expect(result.stdout).toContain("https://acme.enclave.localhost");
  });

  it("--image replaces the source", async () => {
    api.json("PATCH", SERVICE_PATH, 202, redeployOperation());
    const result = await cli("services", "update", TENANT_ID, "web", "--image", "ghcr.io/a/b:2");
    expect(result.code).toBe(0);
    expect(api.requests[0]?.body).toEqual({ source: { type: "image", image: "ghcr.io/a/b:2" } });
  });

  it.each([
    [["web"], "give the tenant (its id or slug) and the service name"],
    [[TENANT_ID, "web", "--port", "0"], "--port must be an integer"],
    [[TENANT_ID, "web", "--unset-env", "1BAD"], "--unset-env must be a variable name"],
    [[TENANT_ID, "web", "--image", "x", "--git", "https://g/x.git"], "use only one of"],
    [[TENANT_ID, "web", "--image", "x", "--ref", "v2"], "--ref and --path apply"],
    [[TENANT_ID, "web", "--health-path", "ready"], "--health-path must start with /"],
    [[TENANT_ID, "web"], "nothing to change"],
  ])("refuses %j before calling the API", async (args, message) => {
    const result = await cli("services", "update", ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.requests).toHaveLength(0);
  });
});

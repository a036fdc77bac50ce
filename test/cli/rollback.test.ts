import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEPLOYMENT_ID,
  deployment,
  EVENTS_PATH,
  eventStream,
  events,
  FakeApi,
  redeployOperation,
  sendProblem,
  TENANT_ID,
} from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const TARGET_ID = "dep_targetdeployment0001";
const ROLLBACK_PATH = `/v1/deployments/${TARGET_ID}/rollback`;
const CANCEL_PATH = `/v1/deployments/${DEPLOYMENT_ID}/cancel`;
const skipped = `skipped: rollback to ${TARGET_ID}`;

const rolledBack = events([
  { stage: "namespace", type: "stage.completed", durationMs: 100 },
  ...(["detect", "generate", "build"] as const).map((stage) => ({
    stage,
    type: "stage.completed" as const,
    message: skipped,
    durationMs: 0,
    data: { skipped: true },
  })),
  { stage: "deploy", type: "stage.completed", durationMs: 900 },
  { stage: null, type: "deployment.ready", data: { url: "https://acme.enclave.localhost" } },
]);
const cancelled = events([
  { stage: "build", type: "stage.started" },
  { stage: null, type: "deployment.cancelled", message: "The deployment was cancelled" },
]);

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave rollback", () => {
  it("starts the rollback with an idempotency key and says how to follow it", async () => {
    api.json("POST", ROLLBACK_PATH, 202, redeployOperation());
    const result = await cli("rollback", TARGET_ID, "--idempotency-key", "k-1");
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: "POST",
      path: ROLLBACK_PATH,
      headers: { "idempotency-key": "k-1" },
    });
    expect(result.stdout).toContain(`deployment ${DEPLOYMENT_ID} queued`);
    expect(result.stderr).toContain(`enclave deployments watch ${DEPLOYMENT_ID}`);
  });

  it("--wait follows it, showing detect, generate and build as skipped", async () => {
    api.json("POST", ROLLBACK_PATH, 202, redeployOperation());
    api.on("GET", EVENTS_PATH, eventStream(rolledBack));
    const result = await cli("rollback", TARGET_ID, "--wait");
    expect(result.code).toBe(0);
    for (const stage of ["detect", "generate", "build"]) {
      expect(result.stderr).toMatch(new RegExp(`${stage}\\s+${skipped}`));
    }
    expect(result.stdout.trim()).toBe("https://acme.enclave.localhost");
  });

  it("shows why the API refused and exits 1", async () => {
    api.on("POST", ROLLBACK_PATH, (_req, res) =>
      sendProblem(res, 409, {
        code: "invalid_state",
        title: "The resource is not in a state that allows this",
        detail: `Deployment ${TARGET_ID} is failed; only a ready deployment can be rolled back to`,
      }),
    );
    const result = await cli("rollback", TARGET_ID);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("only a ready deployment can be rolled back to");
  });
});

describe("enclave cancel", () => {
  it("cancels a queued deployment at once", async () => {
    api.json("POST", CANCEL_PATH, 202, deployment({ status: "cancelled" }));
    const result = await cli("cancel", DEPLOYMENT_ID);
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: "POST", path: CANCEL_PATH });
    expect(result.stdout).toContain(`Deployment ${DEPLOYMENT_ID} cancelled.`);
  });

  it("--wait --json follows a running deployment until its runner has stopped", async () => {
    api.json("POST", CANCEL_PATH, 202, deployment({ status: "running" }));
    api.on("GET", EVENTS_PATH, eventStream(cancelled));
    const result = await cli("cancel", DEPLOYMENT_ID, "--wait", "--json");
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toEqual({
      deploymentId: DEPLOYMENT_ID,
      tenantId: TENANT_ID,
      status: "cancelled",
      reason: "The deployment was cancelled",
    });
  });

  it("exits 1 when the deployment has already finished", async () => {
    api.on("POST", CANCEL_PATH, (_req, res) =>
      sendProblem(res, 409, {
        code: "invalid_state",
        title: "The resource is not in a state that allows this",
        detail: `Deployment ${DEPLOYMENT_ID} is ready; only a queued or running one can be cancelled`,
      }),
    );
    const result = await cli("cancel", DEPLOYMENT_ID);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("only a queued or running one can be cancelled");
  });

  it("exits 1 from a redeploy --wait whose deployment was cancelled", async () => {
    api.json("POST", `/v1/tenants/${TENANT_ID}/deployments`, 202, redeployOperation());
    api.on("GET", EVENTS_PATH, eventStream(cancelled));
    const result = await cli("tenants", "redeploy", TENANT_ID, "--wait");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`deployment ${DEPLOYMENT_ID} cancelled`);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEPLOYMENT_ID,
  EVENTS_PATH,
  eventStream,
  events,
  FakeApi,
  operation,
  redeployOperation,
  sendProblem,
  TENANT_ID,
} from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const SERVICE_PATH = `/v1/tenants/${TENANT_ID}/services/web`;

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave suspend and resume", () => {
  it.each(["suspend", "resume"])(
    "%s starts the deployment with an idempotency key",
    async (action) => {
      const path = `/v1/tenants/${TENANT_ID}/${action}`;
      api.json("POST", path, 202, redeployOperation());
      const result = await cli(action, TENANT_ID, "--idempotency-key", "k-1");
      expect(result.code).toBe(0);
      expect(api.requests[0]).toMatchObject({
        method: "POST",
        path,
        headers: { "idempotency-key": "k-1" },
      });
      expect(result.stdout).toContain(`deployment ${DEPLOYMENT_ID} queued`);
    },
  );

  it("--wait follows the suspension to its end", async () => {
    api.json("POST", `/v1/tenants/${TENANT_ID}/suspend`, 202, redeployOperation());
    api.on(
      "GET",
      EVENTS_PATH,
      eventStream(
        events([
          { stage: "route", type: "stage.completed", durationMs: 300 },
          { stage: "deploy", type: "stage.completed", durationMs: 900 },
          {
            stage: null,
            type: "deployment.ready",
            data: { url: "https://acme.enclave.localhost" },
          },
        ]),
      ),
    );
    const result = await cli("suspend", TENANT_ID, "--wait");
    expect(result.code).toBe(0);
  });

  it("shows why the API refused and exits 1", async () => {
    api.on("POST", `/v1/tenants/${TENANT_ID}/resume`, (_req, res) =>
      sendProblem(res, 409, {
        code: "invalid_state",
        title: "The resource is not in a state that allows this",
        detail: "The tenant is active; only a suspended tenant can be resumed",
      }),
    );
    const result = await cli("resume", TENANT_ID);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("only a suspended tenant can be resumed");
  });

  it("needs the tenant", async () => {
    const result = await cli("suspend");
    expect(result.code).toBe(2);
    expect(api.requests).toHaveLength(0);
  });
});

describe("--release-command", () => {
  it("is sent with the service on create", async () => {
    api.json("POST", "/v1/tenants", 202, operation());
    const result = await cli(
      ...["tenants", "create", "--name", "Acme", "--image", "ghcr.io/acme/app:1.0"],
      ...["--port", "8080", "--release-command", "npm run migrate"],
    );
    expect(result.code).toBe(0);
    expect(api.requests[0]?.body).toMatchObject({
      services: [{ releaseCommand: "npm run migrate" }],
    });
  });

  it("is set and removed through services update", async () => {
    api.json("PATCH", SERVICE_PATH, 202, redeployOperation());
    const set = await cli(
      "services",
      "update",
      TENANT_ID,
      "web",
      "--release-command",
      "rake db:migrate",
    );
    expect(set.code).toBe(0);
    const removed = await cli("services", "update", TENANT_ID, "web", "--no-release-command");
    expect(removed.code).toBe(0);
    expect(api.requests.map((request) => request.body)).toEqual([
      { releaseCommand: "rake db:migrate" },
      { releaseCommand: null },
    ]);
    const both = await cli(
      ...["services", "update", TENANT_ID, "web", "--release-command", "x"],
      "--no-release-command",
    );
    expect(both.code).toBe(2);
  });
});

import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEPLOYMENT_ID,
  deployment,
  droppingEventStream,
  EVENTS_PATH,
  eventStream,
  events,
  FakeApi,
  operation,
  TENANT_ID,
  tenant,
} from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const apiKey = {
  id: "key_0123456789abcdefghjk",
  name: "billing webhook",
  prefix: "abcd1234",
  scopes: ["write"],
  createdBy: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  lastUsedAt: null,
  revokedAt: null,
};
const SECRET = "enc_live_abcd1234_thesecretpartofthekey";

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave keys", () => {
  it("create prints the secret once, on stdout only", async () => {
    api.json("POST", "/v1/api-keys", 201, { apiKey, key: SECRET });
    const result = await cli("keys", "create", "--name", "billing webhook", "--scope", "write");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SECRET}\n`);
    expect(result.stderr).toContain("not shown again");
    expect(api.requests[0]?.body).toEqual({ name: "billing webhook", scopes: ["write"] });
  });

  it("list shows prefixes, and revoke names the key", async () => {
    api.json("GET", "/v1/api-keys", 200, { data: [apiKey], nextCursor: null });
    api.json("DELETE", `/v1/api-keys/${apiKey.id}`, 200, {
      ...apiKey,
      revokedAt: "2025-01-02T00:00:00.000Z",
    });
    const list = await cli("keys", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /key_0123456789abcdefghjk\s+billing webhook\s+abcd1234…\s+write\s+active\s+never/,
    );
    const revoke = await cli("keys", "revoke", apiKey.id, "--json");
    expect(revoke.code).toBe(0);
    expect(JSON.parse(revoke.stdout)).toMatchObject({
      id: apiKey.id,
      revokedAt: "2025-01-02T00:00:00.000Z",
    });
  });

  it("rejects an unknown scope before calling the API", async () => {
    const result = await cli("keys", "create", "--name", "x", "--scope", "root");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown scope root");
    expect(api.requests).toHaveLength(0);
  });
});

describe("enclave deployments", () => {
  it("get shows the failed stage and reason", async () => {
    api.json(
      "GET",
      `/v1/deployments/${DEPLOYMENT_ID}`,
      200,
      deployment({ status: "failed", failedStage: "build", statusReason: "npm ci exited with 1" }),
    );
    const result = await cli("deployments", "get", DEPLOYMENT_ID);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/failed stage:\s+build/);
    expect(result.stdout).toMatch(/reason:\s+npm ci exited with 1/);
  });

  it("watch follows a deletion to its end", async () => {
    api.json(
      "GET",
      `/v1/deployments/${DEPLOYMENT_ID}`,
      200,
      deployment({ kind: "deprovision", status: "running" }),
    );
    const stream = events([
      { stage: "deprovision", type: "stage.started" },
      { stage: "deprovision", type: "stage.completed", durationMs: 2000 },
      { stage: null, type: "deployment.deleted" },
    ]);
    api.on("GET", EVENTS_PATH, droppingEventStream(stream, stream.length).handler);
    const result = await cli("deployments", "watch", DEPLOYMENT_ID);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("deprovision  done in 2.0s");
    expect(result.stderr).toContain("deleted");
  });

  it("watch on a finished deployment reports the deployment's own duration, not the watch's", async () => {
    api.json("GET", `/v1/deployments/${DEPLOYMENT_ID}`, 200, deployment({ status: "ready" }));
    const finished = events([
      { stage: "namespace", type: "stage.started" },
      { stage: "namespace", type: "stage.completed", durationMs: 1000 },
      { stage: null, type: "deployment.ready", at: "2025-01-01T00:01:05.000Z" },
    ]);
    api.on("GET", EVENTS_PATH, eventStream(finished));
    const result = await cli("deployments", "watch", DEPLOYMENT_ID);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("✓ ready in 1m 5s");
  });

  it("list shows why each deployment happened", async () => {
    api.json("GET", `/v1/tenants/${TENANT_ID}/deployments`, 200, {
      data: [
        deployment({ trigger: "plan_change", status: "ready" }),
        deployment({ id: "dep_older", trigger: "create", status: "ready" }),
      ],
      nextCursor: null,
    });
    const result = await cli("deployments", "list", "--tenant", TENANT_ID);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/KIND\s+TRIGGER\s+STATUS/);
    expect(result.stdout).toMatch(
      new RegExp(`${DEPLOYMENT_ID}\\s+provision\\s+plan_change\\s+ready`),
    );
    expect(result.stdout).toMatch(/dep_older\s+provision\s+create\s+ready/);
  });

  it("list needs a tenant", async () => {
    const result = await cli("deployments", "list");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--tenant is required");
  });
});

describe("enclave tenants list, get, delete", () => {
  it("list --json passes the query and prints the page", async () => {
    api.json("GET", "/v1/tenants", 200, { data: [tenant()], nextCursor: "next" });
    const result = await cli("tenants", "list", "--status", "active", "--limit", "5", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ data: [tenant()], nextCursor: "next" });
    expect(api.requests[0]?.path).toBe("/v1/tenants?status=active&limit=5");
  });

  it("list refuses an unknown status", async () => {
    const result = await cli("tenants", "list", "--status", "sleeping");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--status must be one of provisioning, active");
  });

  it("get shows the tenant with its URL", async () => {
    api.json(
      "GET",
      `/v1/tenants/${TENANT_ID}`,
      200,
      tenant({ status: "active", url: "https://acme.enclave.localhost" }),
    );
    const result = await cli("tenants", "get", TENANT_ID);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/url:\s+https:\/\/acme\.enclave\.localhost/);
  });

  it("get takes a slug as well as an id, and asks the API for it directly", async () => {
    api.json("GET", "/v1/tenants/acme", 200, tenant({ status: "active" }));
    const result = await cli("tenants", "get", "acme");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/slug:\s+acme/);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/tenants/acme"]);
    expect((await cli("tenants", "get", "-h")).stdout).toContain("id (ten_…) or its slug");
  });

  it("delete needs --yes without a terminal, then deletes", async () => {
    api.json("DELETE", `/v1/tenants/${TENANT_ID}`, 202, {
      ...operation(),
      tenant: tenant({ status: "deleting" }),
      deployment: deployment({ kind: "deprovision" }),
    });
    const refused = await cli("tenants", "delete", TENANT_ID);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--yes");
    expect(api.requests).toHaveLength(0);
    const deleted = await cli("tenants", "delete", TENANT_ID, "--yes");
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain("is deleting");
  });

  it("a missing tenant is a 404 with exit code 1", async () => {
    const result = await cli("tenants", "get", "ten_missing");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Not found: No such route (404 not_found)");
  });
});

describe("enclave detect", () => {
  it("runs runner/cli/detect.ts, or says clearly that it is missing", async () => {
    const result = await cli("detect", "--help");
    expect(result.stderr).not.toContain("unknown command");
    if (!existsSync(new URL("../../runner/cli/detect.ts", import.meta.url))) {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("`enclave detect` is not available in this build");
    }
  });
});

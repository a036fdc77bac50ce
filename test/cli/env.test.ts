import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi, redeployOperation, sendProblem, TENANT_ID } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const SHARED = `/v1/tenants/${TENANT_ID}/env`;
const OWN = `/v1/tenants/${TENANT_ID}/services/web/env`;

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave env list", () => {
  it("lists the tenant's shared variables masked, and a service's own with --service", async () => {
    api.json("GET", SHARED, 200, { env: { LOG_LEVEL: "********" } });
    api.json("GET", OWN, 200, { env: { API_TOKEN: "********" } });
    const shared = await cli("env", "list", TENANT_ID);
    expect(shared.code).toBe(0);
    expect(shared.stdout).toMatch(/LOG_LEVEL\s+\*{8}/);
    const own = await cli("env", "list", TENANT_ID, "--service", "web", "--json");
    expect(JSON.parse(own.stdout)).toEqual({ env: { API_TOKEN: "********" } });
    expect(api.requests.map((r) => r.path)).toEqual([SHARED, OWN]);
  });

  it("asks for the values with --reveal, and says why a key without admin is refused", async () => {
    api.on("GET", SHARED, (_req, res) =>
      sendProblem(res, 403, {
        code: "forbidden",
        title: "The credential lacks the required scope",
        detail: 'Revealing values needs the "admin" scope',
      }),
    );
    const result = await cli("env", "list", TENANT_ID, "--reveal");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Revealing values needs the "admin" scope');
    expect(api.requests[0]?.path).toBe(`${SHARED}?reveal=true`);
  });
});

describe("enclave env set and unset", () => {
  it("sends one merge patch for every variable, with an idempotency key", async () => {
    api.json("PATCH", SHARED, 202, redeployOperation());
    const result = await cli("env", "set", TENANT_ID, "API_TOKEN=s3cr3t=x", "LOG_LEVEL=debug");
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: "PATCH",
      path: SHARED,
      body: { API_TOKEN: "s3cr3t=x", LOG_LEVEL: "debug" },
    });
    expect(api.requests[0]?.headers["idempotency-key"]).toEqual(expect.any(String));
    expect(result.stdout + result.stderr).not.toContain("s3cr3t");
  });

  it("removes a service's variables with null, in one deployment", async () => {
    api.json("PATCH", OWN, 202, redeployOperation());
    const result = await cli("env", "unset", TENANT_ID, "--service", "web", "OLD", "DEBUG");
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ path: OWN, body: { OLD: null, DEBUG: null } });
  });

  it.each([
    [["set", TENANT_ID], "give at least one variable"],
    [["set", TENANT_ID, "NOVALUE"], "must be KEY=VALUE"],
    [["set", TENANT_ID, "1BAD=x"], "must be KEY=VALUE"],
    [["unset", TENANT_ID, "1BAD"], "not a variable name: 1BAD"],
    [["list"], "give the tenant"],
  ])("refuses %j before calling the API", async (args, message) => {
    const result = await cli("env", ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.requests).toHaveLength(0);
  });
});

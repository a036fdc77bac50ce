import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi, operation, TENANT_ID } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const TOKEN = "ghp_cli-token-0123456789";
const CREDENTIAL_ID = "crd_0123456789abcdefghjk";
const credential = (overrides: Record<string, unknown> = {}) => ({
  id: CREDENTIAL_ID,
  name: "deploy",
  kind: "git",
  host: "github.com",
  createdAt: "2025-01-01T00:00:00.000Z",
  ...overrides,
});
const credentialsPath = `/v1/tenants/${TENANT_ID}/credentials`;
const databasePath = `/v1/tenants/${TENANT_ID}/database`;

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (args: string[], input?: string) =>
  runCli(args, { apiUrl: api.url, ...(input === undefined ? {} : { input }) });

describe("enclave credentials", () => {
  it("add reads the token from stdin, never from an argument, and does not print it", async () => {
    api.json("POST", credentialsPath, 201, {
      credential: credential(),
      appliesOn: "next_deployment",
    });
    const result = await cli(
      ["credentials", "add", TENANT_ID, "--name", "deploy", "--git", "--host", "github.com"],
      `${TOKEN}\n`,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(api.requests[0]?.body).toEqual({
      kind: "git",
      name: "deploy",
      host: "github.com",
      token: TOKEN,
    });
    expect(result.stdout).toBe(`Added ${CREDENTIAL_ID} (deploy).\n`);
    expect(result.stderr).toContain("next deployment");
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it("add sends a registry login and refuses a missing secret or kind", async () => {
    api.json("POST", credentialsPath, 201, {
      credential: credential({ kind: "registry", host: "ghcr.io" }),
      appliesOn: "next_deployment",
    });
    const added = await cli(
      [
        "credentials",
        "add",
        TENANT_ID,
        "--name",
        "ghcr",
        "--registry",
        "ghcr.io",
        "--username",
        "bot",
      ],
      "pa55\n",
    );
    expect(added.code, added.stderr).toBe(0);
    expect(api.requests[0]?.body).toEqual({
      kind: "registry",
      name: "ghcr",
      server: "ghcr.io",
      username: "bot",
      password: "pa55",
    });
    const empty = await cli(["credentials", "add", TENANT_ID, "--name", "x", "--git"], "");
    expect(empty.code).toBe(2);
    const neither = await cli(["credentials", "add", TENANT_ID, "--name", "x"], TOKEN);
    expect(neither.code).toBe(2);
    expect(api.requests).toHaveLength(1);
  });

  it("list shows the credentials and remove names the one removed", async () => {
    api.json("GET", credentialsPath, 200, { credentials: [credential()] });
    api.json("DELETE", `${credentialsPath}/${CREDENTIAL_ID}`, 200, {
      credential: credential(),
      appliesOn: "next_deployment",
    });
    const list = await cli(["credentials", "list", TENANT_ID]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(CREDENTIAL_ID);
    expect(list.stdout).toContain("github.com");
    const removed = await cli(["credentials", "remove", TENANT_ID, CREDENTIAL_ID]);
    expect(removed.stdout).toBe(`Removed ${CREDENTIAL_ID} (deploy).\n`);
  });
});

describe("enclave database", () => {
  const shown = {
    engine: "postgres",
    version: "17",
    status: "ready",
    host: "pgbouncer.enclave-ten-x.svc.cluster.local",
    port: 6432,
    database: "app",
    pooling: true,
    passwordRotatedAt: null,
    credentials: null,
  };

  it("show asks for the credentials only with --reveal", async () => {
    api.json("GET", databasePath, 200, shown);
    const plain = await cli(["database", "show", TENANT_ID]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain("PgBouncer");
    expect(api.requests[0]?.path).toBe(databasePath);
    await cli(["database", "show", TENANT_ID, "--reveal"]);
    expect(api.requests[1]?.path).toBe(`${databasePath}?reveal=true`);
  });

  it("add and rotate-password start deployments with an Idempotency-Key", async () => {
    api.json("POST", databasePath, 202, operation());
    api.json("POST", `${databasePath}/rotate-password`, 202, operation());
    const added = await cli(["database", "add", TENANT_ID, "--engine", "postgres", "--pooling"]);
    expect(added.code, added.stderr).toBe(0);
    expect(api.requests[0]?.body).toEqual({ engine: "postgres", pooling: true });
    expect(api.requests[0]?.headers["idempotency-key"]).toBeTruthy();
    const rotated = await cli(["database", "rotate-password", TENANT_ID]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toContain("enclave deployments watch");
    const wrong = await cli(["database", "add", TENANT_ID, "--engine", "oracle"]);
    expect(wrong.code).toBe(2);
  });
});

import { readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeApi, sendProblem, tenant } from "./fake-api.ts";
import { API_KEY, freshConfigPath, runCli } from "./run-cli.ts";

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi()
    .on("GET", "/v1/tenants", (req, res) => {
      if (req.headers.authorization !== `Bearer ${API_KEY}`) {
        return sendProblem(res, 401, {
          code: "unauthenticated",
          title: "Missing or invalid credentials",
          detail: "The API key is invalid",
        });
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [tenant()], nextCursor: null }));
    })
    .start();
});
afterEach(() => api.close());

const readConfig = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("enclave login", () => {
  it("verifies the key and stores it with mode 0600", async () => {
    const config = freshConfigPath();
    const result = await runCli(["login", "--url", api.url, "--key", API_KEY], {
      env: { ENCLAVE_CONFIG: config },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Logged in to ${api.url}`);
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(readConfig(config)).toEqual({ apiUrl: api.url, apiKey: API_KEY });
    expect(api.requests[0]?.path).toBe("/v1/tenants?limit=1");
  });

  it("reads the key from stdin when it is not a terminal, and later commands use it", async () => {
    const config = freshConfigPath();
    const env = { ENCLAVE_CONFIG: config };
    const login = await runCli(["login", "--url", api.url], { env, input: `${API_KEY}\n` });
    expect(login.code).toBe(0);
    expect(readConfig(config).apiKey).toBe(API_KEY);
    const list = await runCli(["tenants", "list", "--json"], { env });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual({ data: [tenant()], nextCursor: null });
  });

  it("tightens the mode of an existing config file", async () => {
    const config = freshConfigPath();
    await mkdir(dirname(config), { recursive: true });
    writeFileSync(config, JSON.stringify({ apiUrl: "http://old" }), { mode: 0o644 });
    const result = await runCli(["login", "--url", api.url, "--key", API_KEY], {
      env: { ENCLAVE_CONFIG: config },
    });
    expect(result.code).toBe(0);
    expect(statSync(config).mode & 0o777).toBe(0o600);
  });

  it("refuses a key the API rejects and saves nothing", async () => {
    const config = freshConfigPath();
    const result = await runCli(["login", "--url", api.url, "--key", "enc_test_wrong_key"], {
      env: { ENCLAVE_CONFIG: config },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Missing or invalid credentials: The API key is invalid");
    expect(result.stderr).toContain("request id: req_test0001");
    expect(() => statSync(config)).toThrow();
  });

  it("exits 2 on an empty key or a bad URL", async () => {
    const empty = await runCli(["login", "--url", api.url], { input: "\n" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no API key given");
    const badUrl = await runCli(["login", "--url", "ftp://x", "--key", API_KEY]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("must be http(s)");
  });

  it("environment variables override the stored credentials", async () => {
    const config = freshConfigPath();
    await mkdir(dirname(config), { recursive: true });
    writeFileSync(config, JSON.stringify({ apiUrl: "http://127.0.0.1:1", apiKey: "enc_stale" }));
    const result = await runCli(["tenants", "list"], {
      env: { ENCLAVE_CONFIG: config, ENCLAVE_API_URL: api.url, ENCLAVE_API_KEY: API_KEY },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /ten_0123456789abcdefghjk\s+acme\s+Acme\s+starter\s+provisioning/,
    );
  });

  it("commands without credentials say how to log in", async () => {
    const result = await runCli(["tenants", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("enclave login");
  });
});

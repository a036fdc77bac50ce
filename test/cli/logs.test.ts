import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEPLOYMENT_ID, FakeApi, sendProblem, TENANT_ID } from "./fake-api.ts";
import { runCli, spawnCli } from "./run-cli.ts";

const LOGS_PATH = `/v1/tenants/${TENANT_ID}/services/web/logs`;
const line = (pod: string, text: string) => ({ pod, at: "2026-12-04T10:00:00Z", line: text });

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.close());

const cli = (...args: string[]) => runCli(args, { apiUrl: api.url });

describe("enclave logs", () => {
  it("prints every pod's lines prefixed with the pod, asking for --tail and --since", async () => {
    api.on("GET", LOGS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "application/jsonl" });
      res.end(
        [line("web-a", "listening on 3000"), line("web-b", "GET /healthz 200")]
          .map((l) => `${JSON.stringify(l)}\n`)
          .join(""),
      );
    });
    const result = await cli("logs", TENANT_ID, "web", "--tail", "20", "--since", "10m");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("[web-a] listening on 3000\n[web-b] GET /healthz 200\n");
    const url = new URL(api.requests[0]?.path ?? "", "http://fake");
    expect(url.pathname).toBe(LOGS_PATH);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tail: "20",
      since: "10m",
      format: "jsonl",
    });
  });

  it("prints a deployment's build log with --deployment, one JSON object per line with --json", async () => {
    const build = {
      at: "2026-12-04T10:00:00Z",
      attempt: 1,
      stage: "build",
      service: "web",
      container: "build",
      line: "STEP 1/3: FROM node:22",
    };
    api.on("GET", `/v1/deployments/${DEPLOYMENT_ID}/logs`, (_req, res) => {
      res.writeHead(200, { "content-type": "application/jsonl" });
      res.end(`${JSON.stringify(build)}\n`);
    });
    const text = await cli("logs", "--deployment", DEPLOYMENT_ID);
    expect(text.stdout).toBe("web | STEP 1/3: FROM node:22\n");
    const json = await cli("logs", "--deployment", DEPLOYMENT_ID, "--json");
    expect(JSON.parse(json.stdout)).toEqual(build);
  });

  it("follows with -f until Ctrl-C, which ends the stream and the process", async () => {
    let closed = false;
    api.on("GET", LOGS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify(line("web-a", "tick 1"))}\n\n`);
      res.on("close", () => {
        closed = true;
      });
    });
    const child = spawnCli(["logs", TENANT_ID, "web", "-f"], {
      env: {
        ENCLAVE_API_URL: api.url,
        ENCLAVE_API_KEY: "enc_test_abcdefgh_secretsecretsecretsecret",
      },
    });
    child.stdin.end();
    let stdout = "";
    const first = new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("tick 1")) resolve();
      }),
    );
    await first;
    expect(new URL(api.requests[0]?.path ?? "", "http://fake").searchParams.get("follow")).toBe(
      "true",
    );
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stdout).toBe("[web-a] tick 1\n");
    await expect.poll(() => closed).toBe(true);
  });

  it("ends -f by itself when the server says every pod's log ended", async () => {
    api.on("GET", LOGS_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`data: ${JSON.stringify(line("web-a", "bye"))}\n\nevent: end\ndata: {}\n\n`);
    });
    const result = await cli("logs", TENANT_ID, "web", "-f", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(line("web-a", "bye"));
  });

  it("reports the API's refusal and refuses a bad command line before calling", async () => {
    api.on("GET", LOGS_PATH, (_req, res) =>
      sendProblem(res, 503, {
        code: "runner_unavailable",
        title: "The runner could not be reached",
        detail: "The runner did not answer; try again shortly",
      }),
    );
    const refused = await cli("logs", TENANT_ID, "web");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The runner did not answer");
    const before = api.requests.length;
    expect((await cli("logs", TENANT_ID, "web", "--since", "5d")).code).toBe(2);
    expect((await cli("logs", TENANT_ID)).code).toBe(2);
    expect((await cli("logs", "--deployment", DEPLOYMENT_ID, "-f")).code).toBe(2);
    expect(api.requests.length).toBe(before);
  });
});

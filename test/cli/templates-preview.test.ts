import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "../../runner/templates/builtin/index.ts";
import type { DetectionResult } from "../../worker/contracts/detection.ts";
import { renderDockerfile } from "../../worker/templates/render-template.ts";
import { FakeApi, sendJson, sendProblem } from "./fake-api.ts";
import { runCli } from "./run-cli.ts";

const OPERATOR_TOKEN = "operator-token-0123456789abcdef";

let api: FakeApi;
let repo: string;
beforeEach(async () => {
  api = await new FakeApi().start();
  // The edge's own rendering, so the Dockerfile shows what the sent detection holds.
  api.on("POST", "/v1/admin/templates/node-server/preview", (req, res) => {
    const { detection } = req.body as { detection: DetectionResult };
    const content = BUILTIN_TEMPLATES["node-server"] as string;
    sendJson(res, 200, {
      name: "node-server",
      version: "builtin",
      contentHash: "sha256:0123456789ab",
      ...renderDockerfile("node-server", content, detection),
    });
  });
  repo = mkdtempSync(join(tmpdir(), "enclave-preview-"));
  writeFileSync(
    join(repo, "package.json"),
    JSON.stringify({
      name: "invoices",
      engines: { node: ">=20" },
      scripts: { build: "tsc -p .", start: "node dist/invoices.js" },
      devDependencies: { typescript: "5.9.3" },
    }),
  );
  writeFileSync(join(repo, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
});
afterEach(async () => {
  await api.close();
  rmSync(repo, { recursive: true, force: true });
});

const operatorCli = (args: string[], token = OPERATOR_TOKEN) =>
  runCli(["admin", "templates", "preview", ...args], {
    env: { ENCLAVE_API_URL: api.url, ENCLAVE_OPERATOR_TOKEN: token },
  });

describe("enclave admin templates preview", () => {
  it("detects a local repository with the platform's rules and prints the Dockerfile it generates", async () => {
    api.json("GET", "/v1/admin/config", 200, { detectionRules: [] });
    const result = await operatorCli(["node-server", "--repo", repo]);
    expect(result.stderr).toContain("node-server version builtin (sha256:0123456789ab)");
    expect(result.code).toBe(0);
    const sent = api.requests.find((r) => r.method === "POST")?.body as {
      detection: DetectionResult;
    };
    expect(sent.detection).toMatchObject({
      languages: [expect.objectContaining({ value: "Node.js" })],
      packageManager: { value: "pnpm" },
      buildCommand: { value: "pnpm run build" },
    });
    expect(result.stdout).toContain(`FROM node:${sent.detection.runtimeVersion?.value}-slim`);
    expect(result.stdout).toContain("pnpm install --frozen-lockfile");
    expect(result.stdout).toContain("RUN pnpm run build");
    for (const request of api.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${OPERATOR_TOKEN}`);
    }
  });

  it("a folder inside the repository is detected with --path; the operator's rules apply", async () => {
    const app = join(repo, "apps", "api");
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "api", main: "index.js" }));
    writeFileSync(join(app, "enclave.marker"), "");
    api.json("GET", "/v1/admin/config", 200, {
      detectionRules: [
        {
          id: "marker-kit",
          name: "Marker Kit",
          ecosystem: "node",
          files: ["enclave.marker"],
          priority: 95,
          template: "node-server",
          startCommand: "marker serve",
        },
      ],
    });
    const result = await operatorCli([
      "node-server",
      "--repo",
      repo,
      "--path",
      "apps/api",
      "--json",
    ]);
    expect(result.stderr).toBe("");
    const answer = JSON.parse(result.stdout) as { detection: DetectionResult; dockerfile: string };
    expect(answer.detection.path).toBe("apps/api");
    expect(answer.detection.frameworks.map((framework) => framework.value)).toEqual(["Marker Kit"]);
    expect(answer.dockerfile).toContain('CMD ["node","index.js"]');
  });

  it("takes a saved detection result instead, without detecting anything", async () => {
    const detect = await runCli(["detect", repo, "--json"]);
    const file = join(repo, "detection.json");
    writeFileSync(file, detect.stdout);
    const result = await operatorCli(["node-server", "--detection", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("RUN pnpm run build");
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/admin/templates/node-server/preview",
    ]);
  });

  it("refuses a file that is not a detection result, and a command line without a source", async () => {
    const file = join(repo, "package.json");
    const notDetection = await operatorCli(["node-server", "--detection", file]);
    expect(notDetection.code).toBe(2);
    expect(notDetection.stderr).toContain("is not a detection result");
    const neither = await operatorCli(["node-server"]);
    expect(neither.code).toBe(2);
    const both = await operatorCli(["node-server", "--repo", repo, "--detection", file]);
    expect(both.code).toBe(2);
    expect(api.requests).toEqual([]);
  });

  it("says what detection could not conclude, and what the API refused", async () => {
    const empty = mkdtempSync(join(tmpdir(), "enclave-preview-empty-"));
    try {
      api.json("GET", "/v1/admin/config", 200, { detectionRules: [] });
      const failed = await operatorCli(["node-server", "--repo", empty]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("no files");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    api.on("GET", "/v1/admin/config", (_req, res) =>
      sendProblem(res, 401, {
        code: "unauthenticated",
        title: "Missing or invalid credentials",
        detail: "Missing or invalid credentials",
      }),
    );
    const refused = await operatorCli(["node-server", "--repo", repo], "wrong");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("401 unauthenticated");
    expect(refused.stderr).toContain("ENCLAVE_OPERATOR_TOKEN");
  });

  it("without an operator token says how to give one and sends nothing", async () => {
    const result = await runCli(["admin", "templates", "preview", "node-server", "--repo", repo], {
      env: { ENCLAVE_API_URL: api.url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ENCLAVE_OPERATOR_TOKEN");
    expect(api.requests).toEqual([]);
  });
});

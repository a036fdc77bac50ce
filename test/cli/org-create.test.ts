import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeLocalStack } from "../../runner/cli/local-stack.ts";
import { FakeApi } from "./fake-api.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

const orgCreate = (name: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["runner/cli/org-create.ts", name], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

let api: FakeApi;
beforeEach(async () => {
  api = await new FakeApi()
    .json("POST", "/v1/admin/organizations", 201, {
      organization: { id: "org_0123456789abcdefghjk", name: "Acme SaaS" },
      apiKey: { id: "key_0123456789abcdefghjk", key: "enc_test_admin", scopes: ["admin"] },
    })
    .start();
});
afterEach(() => api.close());

describe("npm run org:create", () => {
  it("finds the local stack through its state folder, whatever port it runs on", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "enclave-org-create-"));
    await writeLocalStack(stateDir, { apiUrl: api.url, apiKey: "enc_test_dev" });
    const result = await orgCreate("Acme SaaS", {
      ENCLAVE_STATE_DIR: stateDir,
      ENCLAVE_OPERATOR_TOKEN: "operator-token",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("enc_test_admin");
    expect(api.requests[0]?.headers.authorization).toBe("Bearer operator-token");
    expect(api.requests[0]?.body).toEqual({ name: "Acme SaaS" });
  });
});

import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export type CliResult = { code: number | null; stdout: string; stderr: string };

export const API_KEY = "enc_test_abcdefgh_secretsecretsecretsecret";

/** A config path in a fresh directory, so no test ever reads or writes the real one. */
export const freshConfigPath = () =>
  join(mkdtempSync(join(tmpdir(), "enclave-cli-")), "enclave", "config.json");

type CliOptions = { apiUrl?: string; env?: Record<string, string>; input?: string };

/** `node runner/cli/main.ts` in a hermetic environment, its three streams piped. */
export const spawnCli = (args: string[], options: CliOptions = {}) =>
  spawn(process.execPath, ["runner/cli/main.ts", ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      NO_COLOR: "1",
      ENCLAVE_CONFIG: freshConfigPath(),
      // Hermetic: a local stack's development key must not log the CLI in.
      ENCLAVE_STATE_DIR: dirname(freshConfigPath()),
      ...(options.apiUrl ? { ENCLAVE_API_URL: options.apiUrl, ENCLAVE_API_KEY: API_KEY } : {}),
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });

/**
 * Runs the CLI as a user would, asynchronously: the fake API lives in this process and must
 * keep answering while the CLI runs.
 */
export const runCli = (args: string[], options: CliOptions = {}): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
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
    child.stdin.end(options.input ?? "");
  });

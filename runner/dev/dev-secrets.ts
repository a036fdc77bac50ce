import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** The secrets the local stack shares between the Worker (.dev.vars) and the runner. */
export interface DevSecrets {
  JOB_TOKEN_SECRET: string;
  RUNNER_TOKEN_SECRET: string;
  ENCRYPTION_KEYS: string;
  ENCRYPTION_KEY_ID: string;
  OPERATOR_TOKEN: string;
}

const KEYS: (keyof DevSecrets)[] = [
  "JOB_TOKEN_SECRET",
  "RUNNER_TOKEN_SECRET",
  "ENCRYPTION_KEYS",
  "ENCRYPTION_KEY_ID",
  "OPERATOR_TOKEN",
];

function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (!match?.[1]) continue;
    let value = match[2] ?? "";
    if (value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
    vars[match[1]] = value;
  }
  return vars;
}

function generate(): DevSecrets {
  return {
    JOB_TOKEN_SECRET: randomBytes(32).toString("base64url"),
    RUNNER_TOKEN_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: JSON.stringify({ dev1: randomBytes(32).toString("base64") }),
    ENCRYPTION_KEY_ID: "dev1",
    OPERATOR_TOKEN: randomBytes(32).toString("base64url"),
  };
}

/**
 * Loads `.dev.vars` (which wrangler dev reads), creating it with fresh random secrets on
 * first start. Existing values are kept, so encrypted data and issued keys stay valid.
 */
export function ensureDevSecrets(path: string): DevSecrets {
  const existing = existsSync(path) ? parseDevVars(readFileSync(path, "utf8")) : {};
  const fresh = generate();
  const merged = Object.fromEntries(
    KEYS.map((key) => [key, existing[key] || fresh[key]]),
  ) as unknown as DevSecrets;
  if (KEYS.some((key) => existing[key] !== merged[key])) {
    const body = KEYS.map((key) => `${key}='${merged[key]}'`).join("\n");
    writeFileSync(path, `# Local secrets for wrangler dev and the runner (generated).\n${body}\n`, {
      mode: 0o600,
    });
  }
  return merged;
}

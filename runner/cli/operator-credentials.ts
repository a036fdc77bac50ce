import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "./args.ts";
import { configPath, DEFAULT_API_URL, readConfig, validateApiUrl } from "./config.ts";
import { readLocalStack } from "./local-stack.ts";

const DEV_VARS = fileURLToPath(new URL("../../.dev.vars", import.meta.url));

/** OPERATOR_TOKEN of the repository's `.dev.vars`, which `npm start` writes for the local stack. */
export function devVarsOperatorToken(): string | undefined {
  if (!existsSync(DEV_VARS)) return undefined;
  for (const line of readFileSync(DEV_VARS, "utf8").split("\n")) {
    const match = /^\s*OPERATOR_TOKEN\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1]) return match[1].replace(/^(['"])(.*)\1$/, "$2");
  }
  return undefined;
}

export const NO_OPERATOR_TOKEN = `No operator token: set ENCLAVE_OPERATOR_TOKEN, or start the local stack once (npm start) so ${DEV_VARS} exists.`;

/**
 * The API as `enclave login` found it, with the operator's token instead of an API key:
 * ENCLAVE_OPERATOR_TOKEN, or the local stack's own token, which goes only to the local stack's URL.
 */
export const resolveOperatorCredentials = async (
  env: NodeJS.ProcessEnv,
): Promise<{ apiUrl: string; apiKey: string }> => {
  const stored = await readConfig(configPath(env));
  const stack = await readLocalStack(env);
  const apiUrl = validateApiUrl(
    env.ENCLAVE_API_URL || stored.apiUrl || stack?.apiUrl || DEFAULT_API_URL,
  );
  const local = stack && validateApiUrl(stack.apiUrl) === apiUrl;
  const token = env.ENCLAVE_OPERATOR_TOKEN || (local ? devVarsOperatorToken() : undefined);
  if (!token) throw new UsageError(NO_OPERATOR_TOKEN);
  return { apiUrl, apiKey: token };
};

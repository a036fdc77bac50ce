import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { UsageError } from "./args.ts";
import { readLocalStack } from "./local-stack.ts";
import { writePrivateJson } from "./private-file.ts";

export const DEFAULT_API_URL = "http://127.0.0.1:8787";

const StoredConfig = z.object({ apiUrl: z.string().optional(), apiKey: z.string().optional() });
export type StoredConfig = z.infer<typeof StoredConfig>;

export type Credentials = { apiUrl: string; apiKey: string };

export const configPath = (env: NodeJS.ProcessEnv): string => {
  if (env.ENCLAVE_CONFIG) return env.ENCLAVE_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "enclave", "config.json");
};

export const readConfig = async (path: string): Promise<StoredConfig> => {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const parsed = StoredConfig.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a valid Enclave configuration`);
  return parsed.data;
};

/** The file holds the key: private to the user (0600). */
export const writeConfig = (path: string, config: StoredConfig): Promise<void> =>
  writePrivateJson(path, config);

export const validateApiUrl = (value: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`not a URL: ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`the API URL must be http(s): ${value}`);
  }
  return value.replace(/\/+$/, "");
};

/**
 * Environment first (CI, scripts), then the file `enclave login` wrote, then the local stack
 * `npm start` runs (its URL and development key, whatever its port). The development key goes
 * only to the local stack's own URL, never to another API.
 */
export const resolveCredentials = async (env: NodeJS.ProcessEnv): Promise<Credentials> => {
  const stored = await readConfig(configPath(env));
  const stack = await readLocalStack(env);
  const apiUrl = validateApiUrl(
    env.ENCLAVE_API_URL || stored.apiUrl || stack?.apiUrl || DEFAULT_API_URL,
  );
  const stackKey = stack && validateApiUrl(stack.apiUrl) === apiUrl ? stack.apiKey : undefined;
  const apiKey = env.ENCLAVE_API_KEY || stored.apiKey || stackKey;
  if (!apiKey) {
    throw new UsageError(
      "not logged in: run `enclave login`, set ENCLAVE_API_KEY, or start the local stack (npm start)",
    );
  }
  return { apiUrl, apiKey };
};

import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";
import { UsageError } from "./args.ts";

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

/**
 * Writes through a temporary file created 0600 and renamed into place, so the key is never
 * readable by others, not even for a moment, and a crash never leaves half a file.
 */
export const writeConfig = async (path: string, config: StoredConfig): Promise<void> => {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
};

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

/** Where `npm start` keeps the development organization's key (`runner/dev`). */
const devOrganizationPath = (env: NodeJS.ProcessEnv): string =>
  join(env.ENCLAVE_STATE_DIR || join(import.meta.dirname, "../../.enclave"), "dev.json");

/**
 * The key of the local stack's development organization, so the quick start works without
 * `enclave login`. Only for the local default API URL: a key is never sent anywhere else.
 */
const devStackKey = async (env: NodeJS.ProcessEnv, apiUrl: string): Promise<string | undefined> => {
  if (apiUrl !== DEFAULT_API_URL) return undefined;
  try {
    const saved = JSON.parse(await readFile(devOrganizationPath(env), "utf8")) as {
      apiKey?: unknown;
    };
    return typeof saved.apiKey === "string" ? saved.apiKey : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Environment first (CI, scripts), then the file `enclave login` wrote, then the default URL
 * with the local stack's development key.
 */
export const resolveCredentials = async (env: NodeJS.ProcessEnv): Promise<Credentials> => {
  const stored = await readConfig(configPath(env));
  const apiUrl = validateApiUrl(env.ENCLAVE_API_URL || stored.apiUrl || DEFAULT_API_URL);
  const apiKey = env.ENCLAVE_API_KEY || stored.apiKey || (await devStackKey(env, apiUrl));
  if (!apiKey) {
    throw new UsageError("not logged in: run `enclave login` or set ENCLAVE_API_KEY");
  }
  return { apiUrl, apiKey };
};

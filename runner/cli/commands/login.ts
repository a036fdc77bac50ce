import { ApiError, createEnclaveClient } from "../api/index.ts";
import { EXIT_OK, noPositionals, parse, UsageError } from "../args.ts";
import { configPath, DEFAULT_API_URL, readConfig, validateApiUrl, writeConfig } from "../config.ts";
import { type Command, help, VERSION } from "../context.ts";
import { readLocalStack } from "../local-stack.ts";
import { askSecret, readAll } from "../prompt.ts";

const USAGE = `Usage: enclave login [--url <api-url>] [--key <api-key>] [--skip-verify] [--json]

Stores the API URL and key in ~/.config/enclave/config.json (mode 0600; ENCLAVE_CONFIG
overrides the path). Without --key, the key is read from stdin when it is not a terminal,
else asked for; prefer that to --key, which lands in the shell history.
ENCLAVE_API_URL and ENCLAVE_API_KEY override the stored values for any command.`;

const readKey = async (key: string | undefined, io: Parameters<Command>[1]["io"]) => {
  if (key !== undefined) return key.trim();
  if (!io.stdin.isTTY) return (await readAll(io.stdin)).trim();
  return (await askSecret(io, "API key: ")).trim();
};

export const login: Command = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { url: { type: "string" }, key: { type: "string" }, "skip-verify": { type: "boolean" } },
    USAGE,
  );
  if (values.help) return help(ctx, USAGE);
  noPositionals(positionals, USAGE);
  const path = configPath(ctx.io.env);
  const stored = await readConfig(path);
  const apiUrl = validateApiUrl(
    values.url ??
      ctx.io.env.ENCLAVE_API_URL ??
      stored.apiUrl ??
      (await readLocalStack(ctx.io.env))?.apiUrl ??
      DEFAULT_API_URL,
  );
  const apiKey = await readKey(values.key, ctx.io);
  if (!apiKey) throw new UsageError("no API key given", USAGE);
  if (/\s/.test(apiKey)) throw new UsageError("the API key contains whitespace", USAGE);

  if (!values["skip-verify"]) {
    const client = createEnclaveClient({
      baseUrl: apiUrl,
      apiKey,
      userAgent: `enclave-cli/${VERSION}`,
    });
    try {
      await client.tenants.list({ limit: 1 });
    } catch (error) {
      // 403: the key is genuine but may not read tenants; that is a valid key to store.
      if (!(error instanceof ApiError && error.status === 403)) {
        ctx.out.error(`Not saved: the key could not be verified against ${apiUrl}.`);
        throw error;
      }
    }
  }
  await writeConfig(path, { ...stored, apiUrl, apiKey });
  if (ctx.out.json) ctx.out.data({ apiUrl, configPath: path, verified: !values["skip-verify"] });
  else ctx.out.line(`Logged in to ${apiUrl}; credentials saved in ${path}.`);
  return EXIT_OK;
};

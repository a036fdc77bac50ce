import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  CreateTenantInput,
  DatabaseInput,
  ServiceInput,
  ServiceSourceInput,
} from "../api/index.ts";
import { integerFlag, UsageError } from "../args.ts";
import { readAll } from "../prompt.ts";

/** The `tenants create` flags as node:util parseArgs returns them. */
export type CreateFlags = {
  name?: string;
  slug?: string;
  plan?: string;
  service?: string;
  git?: string;
  github?: string;
  image?: string;
  ref?: string;
  path?: string;
  port?: string;
  "health-path"?: string;
  "release-command"?: string;
  env?: string[];
  label?: string[];
  database?: string;
  domain?: string[];
  file?: string;
};

export const PORT_RANGE = { min: 1, max: 65535 };

/** The parseArgs options describing one service, shared by `tenants create` and `services update`. */
export const SERVICE_OPTIONS = {
  git: { type: "string" },
  github: { type: "string" },
  image: { type: "string" },
  ref: { type: "string" },
  path: { type: "string" },
  port: { type: "string" },
  "health-path": { type: "string" },
  "release-command": { type: "string" },
  env: { type: "string", multiple: true },
} as const;

/** Versions used when `--database` names only the engine. */
export const DEFAULT_DATABASE_VERSIONS = { postgres: "16", mysql: "8.4" } as const;
export const DEFAULT_SERVICE_NAME = "web";

const SERVICE_FLAGS = [
  "service",
  "git",
  "github",
  "image",
  "ref",
  "path",
  "port",
  "health-path",
  "release-command",
  "env",
] as const;

/** The API's limit: room for prefixes like `tenant-` within a 63-character DNS label. */
const MAX_SLUG_LENGTH = 40;

/** `Acme Corp.` → `acme-corp`: a DNS label, as the API requires of slugs. */
export const slugify = (name: string): string =>
  name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, "");

export const parseDatabase = (value: string, usage: string): DatabaseInput => {
  const [engine, version, ...rest] = value.split(":");
  if ((engine !== "postgres" && engine !== "mysql") || rest.length > 0 || version === "") {
    throw new UsageError(
      `--database must be postgres[:version] or mysql[:version], got ${value}`,
      usage,
    );
  }
  return { engine, version: version ?? DEFAULT_DATABASE_VERSIONS[engine] };
};

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;

/** `KEY=VALUE` pairs; only the key is echoed in errors, as the value may be a secret. */
export const parsePairs = (
  pairs: string[],
  flag: "env" | "label",
  usage: string,
): Record<string, string> => {
  const valid = flag === "env" ? ENV_NAME : LABEL_KEY;
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (eq <= 0 || !valid.test(key)) {
      throw new UsageError(
        `--${flag} must be KEY=VALUE with a valid ${flag} name, got ${key}`,
        usage,
      );
    }
    result[key] = pair.slice(eq + 1);
  }
  return result;
};

/**
 * A `--git` value that is a directory here becomes a file:// URL: useful against a local
 * stack, where the runner shares this machine's file system.
 */
const gitUrl = (value: string): string =>
  !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.includes("@") && existsSync(value)
    ? pathToFileURL(resolve(value)).href
    : value;

/** The source flags, shared by `tenants create` and `services update`. */
export type SourceFlags = Pick<CreateFlags, "git" | "github" | "image" | "ref" | "path">;

/** The source the flags name, or undefined when they name none (`--ref`/`--path` alone). */
export const sourceFromFlags = (
  flags: SourceFlags,
  usage: string,
): ServiceSourceInput | undefined => {
  const given = (["git", "github", "image"] as const).filter((flag) => flags[flag] !== undefined);
  if (given.length > 1) {
    throw new UsageError(`use only one of ${given.map((flag) => `--${flag}`).join(", ")}`, usage);
  }
  if (given.length === 0) return undefined;
  const at = {
    ...(flags.ref ? { ref: flags.ref } : {}),
    ...(flags.path ? { path: flags.path } : {}),
  };
  if (flags.image !== undefined) {
    if (flags.ref || flags.path)
      throw new UsageError("--ref and --path apply to --git and --github", usage);
    return { type: "image", image: flags.image };
  }
  if (flags.github !== undefined) return { type: "github", repo: flags.github, ...at };
  return { type: "git", url: gitUrl(flags.git ?? ""), ...at };
};

export const parseHealthPath = (value: string | undefined, usage: string) => {
  if (value !== undefined && !value.startsWith("/")) {
    throw new UsageError("--health-path must start with /", usage);
  }
  return value;
};

const serviceFrom = (flags: CreateFlags, usage: string): ServiceInput => {
  const source = sourceFromFlags(flags, usage);
  if (!source) {
    throw new UsageError(
      "say where the service comes from: --git <url>, --github <owner/repo> or --image <ref> (or --file)",
      usage,
    );
  }
  const port = integerFlag(flags.port, "port", usage, PORT_RANGE);
  if (port === undefined)
    throw new UsageError("--port is required: the port the app listens on", usage);
  const healthPath = parseHealthPath(flags["health-path"], usage);
  const env = flags.env?.length ? parsePairs(flags.env, "env", usage) : undefined;
  return {
    name: flags.service ?? DEFAULT_SERVICE_NAME,
    source,
    port,
    ...(healthPath !== undefined ? { healthPath } : {}),
    ...(flags["release-command"] ? { releaseCommand: flags["release-command"] } : {}),
    ...(env ? { env } : {}),
  };
};

const readSpecFile = async (path: string, stdin: AsyncIterable<Buffer | string>) => {
  let text: string;
  try {
    text = path === "-" ? await readAll(stdin) : await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --file ${path}: ${(error as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new Error("not an object");
    return value as Partial<CreateTenantInput>;
  } catch (error) {
    throw new UsageError(`--file ${path} is not a JSON object: ${(error as Error).message}`);
  }
};

/**
 * The create request from the flags, or from `--file` (the request body as JSON, for several
 * services) with the top-level flags overriding it. The API validates the rest.
 */
export const buildCreateInput = async (
  flags: CreateFlags,
  usage: string,
  stdin: AsyncIterable<Buffer | string>,
): Promise<CreateTenantInput> => {
  const overrides: Partial<CreateTenantInput> = {
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags.slug ? { slug: flags.slug } : {}),
    ...(flags.plan ? { plan: flags.plan } : {}),
    ...(flags.label?.length ? { labels: parsePairs(flags.label, "label", usage) } : {}),
    ...(flags.database ? { database: parseDatabase(flags.database, usage) } : {}),
    ...(flags.domain?.length ? { domains: flags.domain } : {}),
  };
  let input: Partial<CreateTenantInput>;
  if (flags.file !== undefined) {
    const mixed = SERVICE_FLAGS.filter((flag) => flags[flag] !== undefined);
    if (mixed.length > 0) {
      throw new UsageError(
        `--file describes the services; drop ${mixed.map((flag) => `--${flag}`).join(", ")}`,
        usage,
      );
    }
    input = { ...(await readSpecFile(flags.file, stdin)), ...overrides };
  } else {
    if (!flags.name) throw new UsageError("--name is required", usage);
    input = { ...overrides, services: [serviceFrom(flags, usage)] };
  }
  if (!input.name) throw new UsageError("--name is required", usage);
  input.slug ??= slugify(input.name);
  if (!input.slug) throw new UsageError("cannot derive a slug from --name; pass --slug", usage);
  if (!Array.isArray(input.services)) throw new UsageError("the spec has no services", usage);
  return { ...input, name: input.name, slug: input.slug, services: input.services };
};

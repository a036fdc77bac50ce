import { spawn } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { DetectionError } from "../detect/errors.ts";
import { type Lookup, resolvePublicHost } from "./network-guard.ts";

export interface GitLimits {
  /** Largest download and checkout, in bytes. */
  maxBytes: number;
  timeoutMs: number;
}

export const DEFAULT_GIT_LIMITS: GitLimits = { maxBytes: 500 * 1024 * 1024, timeoutMs: 120_000 };

export interface CloneOptions {
  /** `local` trusts the URL (file://, paths, private hosts); `live` accepts public http(s) only. */
  mode: "local" | "live";
  workDir: string;
  token?: string;
  limits?: Partial<GitLimits>;
  lookup?: Lookup;
}

const FULL_COMMIT = /^[0-9a-f]{40}$/;
const SIZE_UNITS: Record<string, number> = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/**
 * A shallow checkout of one commit. The ref (a branch or tag; omitted or `HEAD` for the
 * remote's default branch) is resolved to a commit once with `ls-remote`, and that commit is
 * fetched at depth 1, so the revision reported is exactly what was read even if the branch
 * moves meanwhile. git runs without a shell, with `--` before every value that comes from the
 * customer, without prompts, credential helpers or user configuration, and (outside local
 * mode) only over http(s), to the addresses checked by the network guard.
 */
export async function cloneRepository(
  url: string,
  ref: string | undefined,
  opts: CloneOptions,
): Promise<{ dir: string; revision: string }> {
  const limits = { ...DEFAULT_GIT_LIMITS, ...opts.limits };
  const config = await gitConfig(url, opts);
  await mkdir(opts.workDir, { recursive: true });
  const dir = await mkdtemp(join(opts.workDir, "clone-"));
  const env = gitEnvironment(opts.workDir, opts.token);
  const run = (args: string[], cwd?: string) => runGit([...config, ...args], { env, cwd, limits });
  const shown = ref ?? "HEAD";
  try {
    const revision = ref && FULL_COMMIT.test(ref) ? ref : await resolveRef(url, shown, run);
    await run(["init", "-q", dir]);
    await run(["fetch", "--depth", "1", "--progress", "--no-tags", "--", url, revision], dir);
    await run(["-c", "advice.detachedHead=false", "checkout", "-q", "FETCH_HEAD"], dir);
    if ((await treeSize(dir, limits.maxBytes)) > limits.maxBytes) throw tooLarge(limits.maxBytes);
    return { dir, revision };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof GitFailure) throw await explain(error, url, shown, run, limits.maxBytes);
    throw error;
  }
}

/**
 * The commit `ref` names on the remote: the default branch for `HEAD`, else the branch of that
 * name, else the tag (peeled to its commit when annotated).
 */
async function resolveRef(
  url: string,
  ref: string,
  run: (args: string[]) => Promise<string>,
): Promise<string> {
  const wanted =
    ref === "HEAD" ? ["HEAD"] : [`refs/heads/${ref}`, `refs/tags/${ref}^{}`, `refs/tags/${ref}`];
  const listed = new Map(
    (await run(["ls-remote", "--", url, ...wanted]))
      .split("\n")
      .map((line) => line.split("\t"))
      .filter((fields): fields is [string, string] => fields.length === 2)
      .map(([commit, name]) => [name, commit]),
  );
  const commit = wanted.map((name) => listed.get(name)).find((found) => found !== undefined);
  if (commit) return commit;
  const anything = await run(["ls-remote", "--", url]);
  if (anything.trim() === "") {
    throw new DetectionError(
      "empty_repository",
      "The repository is empty. Push your app's source and deploy again.",
    );
  }
  throw new DetectionError(
    "ref_not_found",
    `The branch or tag "${ref}" does not exist in the repository. Use an existing branch, tag or full commit id, or leave the ref out to deploy the default branch.`,
  );
}

async function gitConfig(url: string, opts: CloneOptions): Promise<string[]> {
  const base = [
    "-c",
    "credential.helper=",
    "-c",
    "core.askPass=",
    "-c",
    "protocol.allow=never",
    "-c",
    "protocol.https.allow=always",
    "-c",
    "protocol.http.allow=always",
  ];
  if (opts.mode === "local") return [...base, "-c", "protocol.file.allow=always"];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DetectionError(
      "source_refused",
      "The repository URL is not valid. Use an https:// URL such as https://gitlab.com/acme/app.git.",
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new DetectionError(
      "source_refused",
      `Repository URLs must use https:// (got ${parsed.protocol}). Local paths and file:// URLs are not accepted.`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new DetectionError(
      "source_refused",
      "The repository URL contains credentials. Remove them and add a token to the tenant's source credentials instead.",
    );
  }
  const addresses = await resolvePublicHost(parsed.hostname, opts.lookup);
  const port = parsed.port || (parsed.protocol === "https:" ? "443" : "80");
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const pinned = addresses
    .map((address) => (address.includes(":") ? `[${address}]` : address))
    .join(",");
  // Pinning the checked addresses and refusing redirects keeps git on the host that was checked.
  return [
    ...base,
    "-c",
    `http.curloptResolve=${host}:${port}:${pinned}`,
    "-c",
    "http.followRedirects=false",
  ];
}

function gitEnvironment(home: string, token: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_LFS_SKIP_SMUDGE: "1",
    LANG: "C",
    LC_ALL: "C",
  };
  if (token) {
    // Through the environment, so the token never appears in the process list or in URLs.
    const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
    Object.assign(env, {
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.extraHeader",
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
  }
  return env;
}

class GitFailure extends Error {
  readonly stderr: string;
  readonly reason: "exit" | "timeout" | "size";
  constructor(stderr: string, reason: "exit" | "timeout" | "size") {
    super(`git failed (${reason})`);
    this.stderr = stderr;
    this.reason = reason;
  }
}

function runGit(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; limits: GitLimits },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let reason: "timeout" | "size" | null = null;
    const stop = (why: "timeout" | "size") => {
      reason = why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop("timeout"), opts.limits.timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
      // "Receiving objects:  42% (420/1000), 12.50 MiB | 3.00 MiB/s": stop before the limit is passed.
      for (const match of chunk.matchAll(
        /Receiving objects:[^,\r\n]*,\s*([\d.]+)\s*(bytes|KiB|MiB|GiB)/g,
      )) {
        if (Number(match[1]) * (SIZE_UNITS[match[2] ?? "bytes"] ?? 1) > opts.limits.maxBytes)
          stop("size");
      }
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (reason) reject(new GitFailure(stderr, reason));
      else if (code !== 0) reject(new GitFailure(stderr, "exit"));
      else resolve(stdout);
    });
  });
}

async function explain(
  failure: GitFailure,
  url: string,
  ref: string,
  run: (args: string[]) => Promise<string>,
  maxBytes: number,
): Promise<DetectionError> {
  if (failure.reason === "timeout") {
    return new DetectionError(
      "source_timeout",
      "Fetching the repository took too long. Try a smaller repository or a commit closer to the branch tip.",
    );
  }
  if (failure.reason === "size") return tooLarge(maxBytes);
  const stderr = failure.stderr;
  if (
    /Authentication failed|could not read Username|terminal prompts disabled|Repository not found|HTTP (401|403|404)|does not appear to be a git repository|does not exist/i.test(
      stderr,
    )
  ) {
    return new DetectionError(
      "private_repository",
      "The repository could not be read: it does not exist, or it is private. For a private repository add an access token to the tenant's source credentials.",
      { cause: failure },
    );
  }
  if (
    /Remote branch .* not found|couldn't find remote ref|not our ref|unadvertised object|no such remote ref/i.test(
      stderr,
    )
  ) {
    const refs = await run(["ls-remote", "--", url]).catch(() => null);
    if (refs !== null && refs.trim() === "") {
      return new DetectionError(
        "empty_repository",
        "The repository is empty. Push your app's source and deploy again.",
        { cause: failure },
      );
    }
    const hint = /^[0-9a-f]{7,39}$/.test(ref) ? " Use the full 40-character commit id." : "";
    return new DetectionError(
      "ref_not_found",
      `The commit "${ref}" does not exist in the repository.${hint}`,
      { cause: failure },
    );
  }
  // git's reason is its first fatal line; the lines after it are generic advice.
  const lines = stderr.trim().split("\n");
  const detail = (lines.find((line) => line.startsWith("fatal:")) ?? lines[0] ?? "")
    .replace(/^fatal:\s*/, "")
    .trim();
  return new DetectionError(
    "source_unavailable",
    `The repository could not be fetched${detail ? ` (${detail})` : ""}. Check the URL and that the host answers, then deploy again.`,
    { cause: failure },
  );
}

const tooLarge = (maxBytes: number) =>
  new DetectionError(
    "repository_too_large",
    `The repository is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB. Remove large files from it, or deploy from a smaller repository.`,
  );

/** Bytes of the checkout, stopping early once past `limit`; .git is shallow and not counted. */
async function treeSize(root: string, limit: number): Promise<number> {
  let total = 0;
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined && total <= limit; dir = pending.pop()) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== ".git") pending.push(path);
      else if (entry.isFile()) total += (await lstat(path)).size;
    }
  }
  return total;
}

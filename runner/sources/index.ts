import { existsSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Dispatcher } from "undici";
import type { ServiceSource } from "../../worker/contracts/source.ts";
import { DetectionError } from "../detect/errors.ts";
import { directorySnapshot } from "./directory.ts";
import { cloneRepository, type GitLimits } from "./git.ts";
import { type GithubLimits, openGithubRepository } from "./github.ts";
import type { RequestStats } from "./github-client.ts";
import type { Lookup } from "./network-guard.ts";
import type { RepoSnapshot } from "./snapshot.ts";
import type { SourceCredentials } from "./source-credentials.ts";

export { DetectionError } from "../detect/errors.ts";
export { directorySnapshot } from "./directory.ts";
export { resetGithubCaches } from "./github-client.ts";
export type { RepoSnapshot } from "./snapshot.ts";

export interface OpenSourceOptions {
  /** `local` trusts any git URL (file://, paths, private hosts); `live` refuses them. */
  mode: "local" | "live";
  /** Where clones are made; removed again by `close()`. */
  workDir: string;
  credentials?: SourceCredentials | undefined;
  limits?: Partial<GitLimits & GithubLimits> & {
    maxRateLimitWaitMs?: number;
    concurrency?: number;
  };
  /** GitHub API base, for GitHub Enterprise or a test server. */
  githubApiUrl?: string;
  /** undici dispatcher for GitHub requests (a MockAgent in tests). */
  dispatcher?: Dispatcher;
  /** DNS resolution used by the private-network guard. */
  lookup?: Lookup;
}

/** The service sources that are repositories (an `image` source skips detection). */
export type RepositorySource = Extract<ServiceSource, { type: "git" | "github" }>;

export type OpenedSource = RepoSnapshot & {
  /** The commit id the snapshot shows. */
  revision: string;
  /** GitHub request counts; absent for git clones. */
  stats?: RequestStats;
  close(): Promise<void>;
};

/**
 * Opens one revision of a service's source for detection: the GitHub REST API for `github`
 * sources, a shallow clone for `git` ones. Fails with a `DetectionError` the customer can act
 * on (ref_not_found, private_repository, repository_too_large, source_refused, ...).
 */
export async function openSource(
  source: RepositorySource,
  opts: OpenSourceOptions,
): Promise<OpenedSource> {
  if (source.type === "github") {
    // GitHub resolves `HEAD` to the default branch's commit, whatever the branch is called.
    const snapshot = await openGithubRepository(source.repo, source.ref ?? "HEAD", {
      apiUrl: opts.githubApiUrl ?? "https://api.github.com",
      token: opts.credentials?.githubToken,
      dispatcher: opts.dispatcher,
      maxRateLimitWaitMs: opts.limits?.maxRateLimitWaitMs ?? 60_000,
      concurrency: opts.limits?.concurrency ?? 8,
      limits: opts.limits,
    });
    return { ...snapshot, close: async () => {} };
  }
  const workingTree = opts.mode === "local" ? localWorkingTree(source.url) : undefined;
  if (workingTree) {
    const snapshot = directorySnapshot(workingTree, {
      maxFiles: opts.limits?.maxFiles ?? 100_000,
      maxFileBytes: opts.limits?.maxFileBytes ?? 1024 * 1024,
    });
    return { ...snapshot, revision: LOCAL_WORKING_TREE, close: async () => {} };
  }
  const { dir, revision } = await cloneRepository(source.url, source.ref, {
    mode: opts.mode,
    workDir: opts.workDir,
    token: opts.credentials?.gitToken,
    limits: opts.limits,
    lookup: opts.lookup,
  });
  const snapshot = directorySnapshot(dir, {
    maxFiles: opts.limits?.maxFiles ?? 100_000,
    maxFileBytes: opts.limits?.maxFileBytes ?? 1024 * 1024,
  });
  return { ...snapshot, revision, close: () => rm(dir, { recursive: true, force: true }) };
}

/** The revision reported for a local folder that is read as it is on disk. */
export const LOCAL_WORKING_TREE = "working-tree";

/**
 * In local mode a folder on the user's disk that is not a git repository (no `.git`, not a
 * bare repository) is read in place, so `enclave tenants create --git ./my-app` works on any
 * checkout or plain folder. Git repositories are still cloned at the requested ref.
 */
function localWorkingTree(url: string): string | undefined {
  const path = url.startsWith("file://") ? fileURLToPath(url) : isAbsolute(url) ? url : undefined;
  if (!path) return undefined;
  if (!existsSync(path)) {
    throw new DetectionError(
      "source_unavailable",
      `The folder ${path} does not exist on the machine that runs Enclave. Check the path (it must be absolute), then deploy again.`,
    );
  }
  if (!statSync(path).isDirectory()) {
    throw new DetectionError(
      "source_unavailable",
      `${path} is a file, not a folder or a git repository. Give the folder of your app.`,
    );
  }
  const isRepository = existsSync(join(path, ".git")) || existsSync(join(path, "HEAD"));
  return isRepository ? undefined : path;
}

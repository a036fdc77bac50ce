import { DetectionError } from "../detect/errors.ts";
import { GithubClient, type GithubClientOptions, type RequestStats } from "./github-client.ts";
import { isIgnoredPath, type RepoSnapshot } from "./snapshot.ts";

export interface GithubLimits {
  maxFiles: number;
  /** Sum of the repository's file sizes. */
  maxBytes: number;
  /** Larger files are not fetched: detection only reads small manifests. */
  maxFileBytes: number;
}

export const DEFAULT_GITHUB_LIMITS: GithubLimits = {
  maxFiles: 100_000,
  maxBytes: 500 * 1024 * 1024,
  maxFileBytes: 1024 * 1024,
};

interface TreeEntry {
  path: string;
  type: string;
  size?: number;
}

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

/**
 * One revision of a GitHub repository through the REST API. The commit id and the whole
 * recursive tree are fetched in parallel (one round trip); files are then fetched on demand
 * by commit id, in parallel through the client's bounded pool (the second round trip).
 */
export async function openGithubRepository(
  repository: string,
  ref: string,
  options: GithubClientOptions & { limits?: Partial<GithubLimits> },
): Promise<RepoSnapshot & { revision: string; stats: RequestStats }> {
  const limits = { ...DEFAULT_GITHUB_LIMITS, ...options.limits };
  const client = new GithubClient(options);
  const base = `/repos/${repository}`;
  const encodedRef = encodeURIComponent(ref);
  const [commit, tree] = await Promise.all([
    client.get(`${base}/commits/${encodedRef}`, "application/vnd.github.sha"),
    client.get(`${base}/git/trees/${encodedRef}?recursive=1`, "application/vnd.github+json"),
  ]);
  if (commit.status !== 200) throw await explainFailure(client, base, ref, commit.status);
  const revision = commit.body.trim();
  if (tree.status !== 200) throw await explainFailure(client, base, ref, tree.status);
  const listing = JSON.parse(tree.body) as { tree?: TreeEntry[]; truncated?: boolean };
  const blobs = (listing.tree ?? []).filter((entry) => entry.type === "blob");
  const totalBytes = blobs.reduce((sum, entry) => sum + (entry.size ?? 0), 0);
  if (listing.truncated || blobs.length > limits.maxFiles || totalBytes > limits.maxBytes) {
    throw new DetectionError(
      "repository_too_large",
      `The repository is larger than the limit (${limits.maxFiles} files, ${Math.round(limits.maxBytes / 1024 / 1024)} MiB). Deploy a smaller repository, or move large files out of it.`,
    );
  }
  const sizes = new Map(
    blobs
      .filter((entry) => !isIgnoredPath(entry.path))
      .map((entry) => [entry.path, entry.size ?? 0]),
  );
  const files = [...sizes.keys()].sort();
  return {
    revision,
    stats: client.stats,
    list: async () => files,
    read: async (path) => {
      const size = sizes.get(path);
      if (size === undefined || size > limits.maxFileBytes) return null;
      const response = await client.get(
        `${base}/contents/${encodePath(path)}?ref=${revision}`,
        "application/vnd.github.raw+json",
      );
      if (response.status === 404) return null;
      if (response.status !== 200) {
        throw new DetectionError(
          "source_unavailable",
          `GitHub answered ${response.status} for ${path}. Try again in a few minutes.`,
        );
      }
      return response.body.includes("\u0000") ? null : response.body;
    },
  };
}

/** GitHub answers 404 for a missing repository and a private one alike; the repository call tells them from a missing ref. */
async function explainFailure(
  client: GithubClient,
  base: string,
  ref: string,
  status: number,
): Promise<DetectionError> {
  if (status === 409) {
    return new DetectionError(
      "empty_repository",
      "The repository is empty. Push your app's source and deploy again.",
    );
  }
  if (status === 401) {
    return new DetectionError(
      "private_repository",
      "GitHub rejected the access token. Update the GitHub token in the tenant's source credentials.",
    );
  }
  if (status === 404 || status === 422) {
    const repository = await client.get(base, "application/vnd.github+json");
    if (repository.status === 200) {
      return new DetectionError(
        "ref_not_found",
        `The branch, tag or commit "${ref}" does not exist in the repository.`,
      );
    }
    return new DetectionError(
      "private_repository",
      client.authenticated
        ? "The repository was not found, or the GitHub token cannot read it. Check the repository name and the token's access."
        : "The repository was not found, or it is private. For a private repository add a GitHub token to the tenant's source credentials.",
    );
  }
  return new DetectionError(
    "source_unavailable",
    `GitHub answered ${status}. Try again in a few minutes.`,
  );
}

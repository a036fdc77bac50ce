/**
 * Read access to one revision of a repository, whatever it came from (a local directory, a
 * clone, the GitHub API). Paths are relative to the repository root and "/"-separated.
 */
export interface RepoSnapshot {
  /** Every file in the repository, sorted, without the folders `isIgnoredPath` skips. */
  list(): Promise<string[]>;
  /** A file's text, or null when it is missing, binary or too large to be a manifest. */
  read(path: string): Promise<string | null>;
}

/** VCS metadata and dependency folders say nothing a manifest does not; every source skips them. */
const IGNORED_DIRECTORIES = new Set([".git", "node_modules", ".venv", "__pycache__"]);

export const isIgnoredDirectory = (name: string): boolean => IGNORED_DIRECTORIES.has(name);

export const isIgnoredPath = (path: string): boolean =>
  path.split("/").some((segment) => IGNORED_DIRECTORIES.has(segment));

import { lstat, readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { DetectionError } from "../detect/errors.ts";
import { isIgnoredDirectory, type RepoSnapshot } from "./snapshot.ts";

export interface DirectoryLimits {
  /** More files than this fails with `repository_too_large`. */
  maxFiles: number;
  /** Larger files read as null: manifests are small, and detection never needs big files. */
  maxFileBytes: number;
}

export const DEFAULT_DIRECTORY_LIMITS: DirectoryLimits = {
  maxFiles: 100_000,
  maxFileBytes: 1024 * 1024,
};

/**
 * A snapshot of a local directory (a checkout or a clone). Symbolic links are neither followed
 * nor read, so a repository cannot point detection at files outside itself.
 */
export function directorySnapshot(
  root: string,
  limits: DirectoryLimits = DEFAULT_DIRECTORY_LIMITS,
): RepoSnapshot & { root: string } {
  let listing: Promise<string[]> | undefined;
  return {
    root,
    list: () => {
      listing ??= listFiles(root, limits.maxFiles);
      return listing;
    },
    read: async (path) => {
      const normalized = posix.normalize(path);
      if (normalized.startsWith("..") || posix.isAbsolute(normalized)) return null;
      const full = join(root, normalized);
      const stat = await lstat(full).catch(() => null);
      if (!stat?.isFile() || stat.size > limits.maxFileBytes) return null;
      const bytes = await readFile(full);
      return bytes.includes(0) ? null : bytes.toString("utf8");
    },
  };
}

async function listFiles(root: string, maxFiles: number): Promise<string[]> {
  const files: string[] = [];
  const pending = [""];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    for (const entry of entries) {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory() && !isIgnoredDirectory(entry.name)) pending.push(path);
      else if (entry.isFile()) files.push(path);
    }
    if (files.length > maxFiles) {
      throw new DetectionError(
        "repository_too_large",
        `The repository has more than ${maxFiles} files; deploy a smaller repository or set a path to the app's folder.`,
      );
    }
  }
  return files.sort();
}

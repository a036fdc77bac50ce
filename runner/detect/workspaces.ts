import type { AppView } from "./view.ts";
import { stringAt } from "./view.ts";

export interface WorkspaceMembers {
  /** Member folder globs relative to the root ("apps/*"). */
  patterns: string[];
  /** Folders that are members by themselves (Nx project.json, go.work). */
  folders: string[];
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/**
 * The member globs every workspace tool at the root declares: npm/yarn/bun `workspaces`,
 * pnpm-workspace.yaml, Lerna, Nx (folders with a project.json), Cargo and Go workspaces,
 * Gradle's included projects and Maven's modules.
 * Turborepo has no member list of its own: it uses the package manager's workspaces.
 */
export function workspaceMembers(root: AppView): WorkspaceMembers {
  const patterns: string[] = [];
  const folders: string[] = [];
  const manifest = root.json("package.json");
  const workspaces = manifest?.workspaces;
  patterns.push(
    ...stringList(workspaces),
    ...stringList(
      manifest && typeof workspaces === "object"
        ? (workspaces as Record<string, unknown>).packages
        : undefined,
    ),
  );
  patterns.push(...stringList(root.yaml("pnpm-workspace.yaml")?.packages));
  patterns.push(...stringList(root.json("lerna.json")?.packages));
  const cargoWorkspace = root.toml("Cargo.toml")?.workspace;
  if (cargoWorkspace && typeof cargoWorkspace === "object") {
    patterns.push(...stringList((cargoWorkspace as Record<string, unknown>).members));
  }
  const goWork = root.text("go.work");
  if (goWork !== null) {
    const uses =
      goWork.match(/^use\s*\(([\s\S]*?)\)/m)?.[1] ?? goWork.match(/^use\s+(\S+)/m)?.[1] ?? "";
    folders.push(...uses.split(/\s+/).filter((item) => item !== "" && !item.startsWith("//")));
  }
  const settings = root.first("settings.gradle.kts", "settings.gradle");
  for (const include of (settings ? root.text(settings) : null)?.matchAll(
    /^\s*include\s*\(?([^)\n]+)\)?/gm,
  ) ?? []) {
    for (const project of include[1]?.matchAll(/["']:?([\w.:-]+)["']/g) ?? []) {
      if (project[1]) folders.push(project[1].replaceAll(":", "/"));
    }
  }
  for (const module of root.text("pom.xml")?.matchAll(/<module>\s*([^<\s]+)\s*<\/module>/g) ?? []) {
    if (module[1]) folders.push(module[1]);
  }
  if (root.has("nx.json")) {
    for (const file of root.files) {
      if (!file.endsWith("/project.json")) continue;
      if (stringAt(root.json(file), "projectType") === "library") continue;
      folders.push(file.slice(0, -"/project.json".length));
    }
  }
  return {
    patterns: patterns.filter((pattern) => !pattern.startsWith("!")),
    folders: folders
      .map((folder) => folder.replace(/^\.\//, "").replace(/\/$/, ""))
      .filter((folder) => folder !== "" && folder !== "."),
  };
}

/** The member folders of the workspace that exist in the repository, sorted. */
export function memberFolders(root: AppView, members: WorkspaceMembers): string[] {
  const directories = new Set<string>();
  for (const file of root.files) {
    const parts = file.split("/");
    for (let depth = 1; depth < parts.length; depth++)
      directories.add(parts.slice(0, depth).join("/"));
  }
  const matchers = members.patterns.map((pattern) => {
    const clean = pattern.replace(/^\.\//, "").replace(/\/$/, "");
    const source = clean
      .split("/")
      .map((segment) =>
        segment === "**"
          ? ".*"
          : segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"),
      )
      .join("/");
    return new RegExp(`^${source}$`);
  });
  const result = new Set(members.folders.filter((folder) => directories.has(folder)));
  for (const directory of directories) {
    if (matchers.some((matcher) => matcher.test(directory))) result.add(directory);
  }
  return [...result].sort();
}

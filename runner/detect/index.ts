import { posix } from "node:path";
import type { DetectionResult } from "../../worker/contracts/detection.ts";
import type { RepoSnapshot } from "../sources/snapshot.ts";
import { ANALYSIS_FILES, analyzeApp, detectedLanguages } from "./analyze.ts";
import { DetectionError } from "./errors.ts";
import { ECOSYSTEMS, resolveRules } from "./rules/index.ts";
import { AppView, stringAt } from "./view.ts";
import { memberFolders, workspaceMembers } from "./workspaces.ts";

export { DetectionError } from "./errors.ts";
export { BUILTIN_RULES, resolveRules } from "./rules/index.ts";

/** Workspace manifests read at the root, besides the ecosystems' own files. */
const WORKSPACE_FILES = ["pnpm-workspace.yaml", "lerna.json", "nx.json", "go.work"];
/** Member manifests are read up to this depth below the root, and at most this many. */
const MEMBER_DEPTH = 3;
const MAX_MEMBER_FILES = 120;

const CONTENT_PATTERNS = [
  ...new Set([...ECOSYSTEMS.flatMap((ecosystem) => ecosystem.contentFiles), ...ANALYSIS_FILES]),
];

export interface DetectOptions {
  /** The app folder inside the repository ("." for the root). */
  path: string;
  /** Operator rules, as stored in `PlatformConfig.detectionRules`. */
  rules?: readonly unknown[];
}

/**
 * Detects how to build and run the app at `opts.path` of a repository. All the files it needs
 * are read in one parallel batch after the listing, so a remote source costs two round trips.
 * At the root of a workspace the member apps are listed as `candidates`; when the root is not
 * an app itself this throws `workspace_root` with them, so the customer can pick a path.
 */
export async function detect(repo: RepoSnapshot, opts: DetectOptions): Promise<DetectionResult> {
  const rules = resolveRules(opts.rules);
  const files = await repo.list();
  if (files.length === 0) {
    throw new DetectionError(
      "empty_repository",
      "The repository has no files at this ref. Push your app's source, or choose another branch, tag or commit.",
    );
  }
  const base = normalizeBase(opts.path);
  const prefix = base === "" ? "" : `${base}/`;
  const appFiles = files
    .filter((file) => file.startsWith(prefix))
    .map((file) => file.slice(prefix.length));
  if (appFiles.length === 0) {
    throw new DetectionError(
      "path_not_found",
      `The folder "${base}" does not exist in the repository. Set path to a folder that contains your app.`,
    );
  }
  const wanted = contentPaths(appFiles, base === "");
  const texts = await Promise.all(wanted.map((file) => repo.read(prefix + file)));
  const contents = new Map(wanted.map((file, index) => [prefix + file, texts[index] ?? null]));
  const view = new AppView(base, appFiles, contents);

  const members = base === "" ? workspaceCandidates(view, files, contents, rules) : [];
  const candidates = members.map(({ path, name }) => ({ path, name }));
  const result = analyzeApp(view, rules) ?? singleMember(view, members);
  if (!result) {
    if (candidates.length > 0) {
      const list = candidates.map((candidate) => candidate.path).join(", ");
      const languages = detectedLanguages(view);
      const spoken = [
        ...new Set(
          (languages.length > 0 ? languages : members.flatMap((member) => member.languages)).map(
            (language) => language.value,
          ),
        ),
      ];
      throw new DetectionError(
        "workspace_root",
        `This repository is a ${spoken.join(" and ")} workspace with several apps; set path to one of them: ${list}.`,
        {
          candidates,
          languages:
            languages.length > 0 ? languages : members.flatMap((member) => member.languages),
        },
      );
    }
    throw new DetectionError(
      "unknown_stack",
      "No supported language or framework was found. Add a Dockerfile, or a manifest such as package.json, requirements.txt, go.mod or Gemfile at the app's folder (set path for a monorepo).",
    );
  }
  return { ...result, candidates };
}

function normalizeBase(path: string): string {
  const normalized = posix.normalize(path.trim() === "" ? "." : path).replace(/\/+$/, "");
  if (normalized.startsWith("..") || posix.isAbsolute(normalized)) {
    throw new DetectionError(
      "path_not_found",
      `The path "${path}" is outside the repository. Use a relative folder such as apps/web.`,
    );
  }
  return normalized === "." ? "" : normalized;
}

const matchesPattern = (name: string, pattern: string): boolean =>
  pattern.startsWith("*") ? name.endsWith(pattern.slice(1)) : name === pattern;

/** The app folder's manifests, and at a root also the members' and the workspace files. */
function contentPaths(files: readonly string[], atRoot: boolean): string[] {
  const top = files.filter(
    (file) =>
      CONTENT_PATTERNS.some((pattern) => matchesPattern(file, pattern)) ||
      WORKSPACE_FILES.includes(file),
  );
  if (!atRoot) return top;
  const nested = files
    .filter((file) => {
      const depth = file.split("/").length - 1;
      const name = posix.basename(file);
      return (
        depth >= 1 &&
        depth <= MEMBER_DEPTH &&
        !file.startsWith(".") &&
        (name === "project.json" ||
          CONTENT_PATTERNS.some((pattern) => matchesPattern(name, pattern)))
      );
    })
    .sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b))
    .slice(0, MAX_MEMBER_FILES);
  return [...top, ...nested];
}

interface Member {
  path: string;
  name: string;
  languages: DetectionResult["languages"];
  result: NonNullable<ReturnType<typeof analyzeApp>>;
}

/** Ecosystems whose tools build one member of a workspace from its root. */
const ROOT_BUILDS = new Set(["Node.js", "Rust", "Go", "Java", "Kotlin"]);

/**
 * A workspace whose root is no app but has exactly one app among its members is built from the
 * root, as the builders do: JavaScript dependencies install at the root and the member's
 * scripts run in its folder; `go build` runs in the member's module under go.work; Cargo builds
 * the member's binary from the workspace root; Maven and Gradle build the module with what it
 * depends on and leave its jar in the module's folder.
 */
function singleMember(root: AppView, members: Member[]): ReturnType<typeof analyzeApp> {
  const member = members[0];
  const language = member?.result.languages[0]?.value ?? "";
  if (members.length !== 1 || !member || !ROOT_BUILDS.has(language)) return null;
  if (member.result.dockerfile) return null;
  const manifest = root.first("package.json", "go.work", "Cargo.toml") ?? "package.json";
  const inMember = (finding: DetectionResult["startCommand"]) =>
    finding && {
      ...finding,
      value: `cd ${member.path} && ${finding.value}`,
      evidence: [
        ...finding.evidence,
        root.evidence(manifest, `the workspace's only app is ${member.path}`),
      ],
    };
  const node = language === "Node.js";
  const { startCommand, buildCommand, outputDirectory, template, packageManager } = member.result;
  const jvm = jvmModuleBuild(packageManager?.value, member.path);
  return {
    ...member.result,
    path: ".",
    buildCommand:
      jvm && buildCommand
        ? { ...buildCommand, value: jvm, evidence: inMember(buildCommand)?.evidence ?? [] }
        : language === "Rust"
          ? buildCommand
          : inMember(buildCommand),
    startCommand: node && template !== "node-static" ? inMember(startCommand) : startCommand,
    outputDirectory:
      (node && template === "node-static") || jvm
        ? `${member.path}/${outputDirectory ?? "."}`
        : outputDirectory,
  };
}

/** Maven's `-pl module -am` and Gradle's `:module:build` build one module from the root. */
function jvmModuleBuild(manager: string | undefined, folder: string): string | null {
  if (manager === "maven") return `mvn -B package -DskipTests -pl ${folder} -am`;
  if (manager === "gradle")
    return `gradle :${folder.replaceAll("/", ":")}:build -x test --no-daemon`;
  return null;
}

function workspaceCandidates(
  root: AppView,
  files: readonly string[],
  contents: ReadonlyMap<string, string | null>,
  rules: Parameters<typeof analyzeApp>[1],
): Member[] {
  const folders = memberFolders(root, workspaceMembers(root));
  const candidates: Member[] = [];
  for (const folder of folders) {
    const prefix = `${folder}/`;
    const memberFiles = files
      .filter((file) => file.startsWith(prefix))
      .map((file) => file.slice(prefix.length));
    const member = new AppView(folder, memberFiles, contents);
    const result = analyzeApp(member, rules);
    const runnable =
      result && (result.dockerfile || result.frameworks.length > 0 || result.startCommand);
    if (!result || !runnable) continue;
    const name =
      stringAt(member.json("package.json"), "name") ??
      stringAt(member.toml("Cargo.toml"), "package", "name") ??
      folder;
    candidates.push({ path: folder, name, languages: result.languages, result });
  }
  return candidates;
}

import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type {
  DetectionResult,
  PortFinding,
  StringFinding,
} from "../../worker/contracts/detection.ts";
import { DetectionError, detect } from "../detect/index.ts";
import { directorySnapshot, openSource } from "../sources/index.ts";
import type { RepoSnapshot } from "../sources/snapshot.ts";

const USAGE = `Usage: enclave detect <path-or-git-url> [--path <folder>] [--ref <ref>] [--json]

Shows what Enclave would build from a local checkout or a git repository, before deploying:
languages, frameworks, package manager, runtime version, build and start commands, port and
health path, each with its confidence and evidence.

  --path <folder>  app folder inside the repository (monorepos); default "."
  --ref <ref>      branch, tag or full commit id for a git URL; default: its default branch
  --json           print the detection result as JSON
`;

export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Looks like something git fetches rather than a folder: a URL or scp-style `user@host:path`. */
const isGitUrl = (target: string) =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || /^[\w.-]+@[\w.-]+:/.test(target);

/**
 * `enclave detect`: prints the detection result for a local checkout or a git URL. Runs on the
 * user's own machine, so git URLs are fetched in local mode. Returns the exit code: 0 when
 * detected, 1 when detection failed (the message says what to change), 2 on a usage error.
 */
export async function runDetectCommand(
  argv: string[],
  io: CommandOutput = processOutput,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const target = positionals[0];
  if (!target || positionals.length > 1) {
    io.err(USAGE);
    return 2;
  }
  try {
    const result = await detectTarget(target, { path: values.path, ref: values.ref });
    io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : describe(result));
    return 0;
  } catch (error) {
    if (!(error instanceof DetectionError)) throw error;
    if (values.json) {
      io.out(
        `${JSON.stringify({ error: { code: error.code, message: error.message, candidates: error.candidates } }, null, 2)}\n`,
      );
    } else {
      const candidates = error.candidates
        .map((candidate) => `  --path ${candidate.path}  (${candidate.name})\n`)
        .join("");
      io.err(`Detection failed (${error.code}): ${error.message}\n${candidates}`);
    }
    return 1;
  }
}

/**
 * Detects a local folder or a git URL on this machine, as a deployment would detect it with the
 * operator's `rules`. Throws DetectionError when detection cannot conclude.
 */
export async function detectTarget(
  target: string,
  options: { path?: string | undefined; ref?: string | undefined; rules?: readonly unknown[] },
): Promise<DetectionResult> {
  const workDir = await mkdtemp(join(tmpdir(), "enclave-detect-"));
  try {
    const repo = await openTarget(target, options.ref, workDir);
    return await detect(repo, { path: options.path ?? ".", rules: options.rules ?? [] });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      path: { type: "string" },
      ref: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function openTarget(
  target: string,
  ref: string | undefined,
  workDir: string,
): Promise<RepoSnapshot> {
  if (isGitUrl(target)) {
    const source = { type: "git" as const, url: target, path: ".", ...(ref ? { ref } : {}) };
    return openSource(source, { mode: "local", workDir });
  }
  const root = resolve(target);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) {
    throw new DetectionError("path_not_found", `"${target}" is not a folder or a git URL.`);
  }
  return directorySnapshot(root);
}

function describe(result: DetectionResult): string {
  const finding = (item: StringFinding | PortFinding | null) => {
    if (!item) return "-";
    const evidence = item.evidence.map((entry) => `${entry.file}: ${entry.signal}`).join("; ");
    return `${item.value}  (${item.confidence}${evidence ? `, ${evidence}` : ""})`;
  };
  const list = (items: StringFinding[]) =>
    items.length === 0 ? "-" : items.map(finding).join("\n                 ");
  const rows: [string, string][] = [
    ["Path", result.path],
    [
      "Dockerfile",
      result.dockerfile
        ? `${result.dockerfile.path} (used as is)`
        : `generated from template ${result.template ?? "-"}`,
    ],
    ["Languages", list(result.languages)],
    ["Frameworks", list(result.frameworks)],
    ["Package manager", finding(result.packageManager)],
    ["Runtime", finding(result.runtimeVersion)],
    ["Build", finding(result.buildCommand)],
    ["Start", finding(result.startCommand)],
    ["Port", finding(result.port)],
    ["Health path", finding(result.healthPath)],
  ];
  if (result.outputDirectory) rows.push(["Output", result.outputDirectory]);
  if (result.candidates.length > 0) {
    rows.push([
      "Workspace apps",
      result.candidates.map((candidate) => `${candidate.path} (${candidate.name})`).join(", "),
    ]);
  }
  return `${rows.map(([label, value]) => `${`${label}:`.padEnd(17)}${value}`).join("\n")}\n`;
}

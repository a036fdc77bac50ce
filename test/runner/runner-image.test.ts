import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DockerfileParser } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { RUNNER_NODE_FLAGS } from "../../runner/config/node-flags.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dockerfile = readFileSync(join(root, "runner/deploy/Dockerfile"), "utf8");

/** Every module `node runner/main.ts` loads, as the process resolves them. */
function modulesLoadedByRunner(): string[] {
  const record = join(mkdtempSync(join(tmpdir(), "enclave-loads-")), "loads.txt");
  execFileSync(
    process.execPath,
    [
      "--import",
      join(root, "test/runner/support/record-loads.mjs"),
      "--input-type=module",
      "-e",
      // Importing without running: main() only starts when main.ts is the entry point.
      `await import(${JSON.stringify(join(root, "runner/main.ts"))})`,
    ],
    { env: { ...process.env, RECORD_LOADS_TO: record } },
  );
  return [...new Set(readFileSync(record, "utf8").trim().split("\n"))];
}

/** Every source file under a folder of the repository, relative to the root. */
function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
    .filter((path) => /\.(ts|mts|js|mjs)$/.test(path) && !path.includes("node_modules"))
    .map((path) => join(folder, path));
}

/** The packages a source file imports, by the names in its import specifiers. */
function importedPackages(path: string): string[] {
  const text = readFileSync(join(root, path), "utf8");
  const specifiers = text.matchAll(/(?:from|import\()\s*"((?:@[^/"]+\/)?[^./"][^/"]*)/g);
  return [...specifiers].map((match) => match[1] ?? "").filter((name) => !name.startsWith("node:"));
}

/** The runner's code that only runs on a developer's machine or in CI, never in the cluster. */
const DEV_ONLY = [
  "runner/cluster",
  "runner/behaviours",
  "runner/cli",
  "runner/client",
  "runner/dev",
];

/**
 * Packages a dependency probes for inside try/catch and does without: `debug` colours its
 * output when `supports-color` happens to be installed.
 */
const OPTIONAL_PROBES = new Set(["node_modules/supports-color"]);

describe("the runner's image", () => {
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const copied = instructions
    .filter((i) => i.getKeyword() === "COPY" && !i.getArgumentsContent()?.startsWith("--from"))
    .flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue()),
    );

  it("parses and runs the runner with its memory flags as an unprivileged user", () => {
    expect(instructions.map((i) => i.getKeyword())).toContain("CMD");
    const cmd = instructions.find((i) => i.getKeyword() === "CMD")?.getArgumentsContent() ?? "";
    expect(JSON.parse(cmd)).toEqual(["node", ...RUNNER_NODE_FLAGS, "runner/main.ts"]);
    expect(instructions.find((i) => i.getKeyword() === "USER")?.getArgumentsContent()).toBe(
      "1000:1000",
    );
  });

  it("holds every file the runner loads, and every package it loads is a production dependency", () => {
    const loaded = modulesLoadedByRunner().filter((url) => url.startsWith("file:"));
    const local = loaded
      .map((url) => relative(root, fileURLToPath(url)))
      .filter((path) => !path.startsWith("node_modules/"));
    expect(local).toContain("runner/main.ts");
    for (const path of local) {
      expect(
        copied.some((source) => path === source || path.startsWith(`${source}/`)),
        `${path} is loaded by the runner but not copied into its image`,
      ).toBe(true);
    }
    // What `npm ci --omit=dev` installs: every package the runner loads must be among them.
    const production = new Set(
      execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
        cwd: root,
        encoding: "utf8",
      })
        .trim()
        .split("\n")
        .map((dir) => relative(root, dir))
        .filter((dir) => dir.startsWith("node_modules/")),
    );
    const packageDirs = new Set(
      loaded
        .map((url) => relative(root, fileURLToPath(url)))
        .map((path) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1])
        .filter((dir): dir is string => Boolean(dir)),
    );
    expect(packageDirs).toContain("node_modules/@kubernetes/client-node");
    const missing = [...packageDirs].filter((dir) => !production.has(dir));
    expect(missing.filter((dir) => !OPTIONAL_PROBES.has(dir))).toEqual([]);
  });

  it("holds nothing that only runs locally, and only production code needs production dependencies", () => {
    const loaded = modulesLoadedByRunner()
      .filter((url) => url.startsWith("file:"))
      .map((url) => relative(root, fileURLToPath(url)));
    for (const source of copied) {
      for (const dev of DEV_ONLY) {
        expect(
          source === dev || source.startsWith(`${dev}/`) || dev.startsWith(`${source}/`),
          `${source} copies ${dev} into the image`,
        ).toBe(false);
      }
      if (source.startsWith("runner/")) {
        expect(
          loaded.some((path) => path === source || path.startsWith(`${source}/`)),
          `${source} is copied into the image but the runner never loads it`,
        ).toBe(true);
      }
    }
    // A production dependency that only local tools and tests import belongs in devDependencies.
    const production = new Set(
      loaded.filter((path) => !path.startsWith("node_modules/")).concat(sourceFiles("worker")),
    );
    const importers = new Map<string, string[]>();
    for (const path of [
      ...sourceFiles("runner"),
      ...sourceFiles("worker"),
      ...sourceFiles("test"),
    ]) {
      for (const name of importedPackages(path))
        importers.set(name, [...(importers.get(name) ?? []), path]);
    }
    const { dependencies } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const devOnly = Object.keys(dependencies).filter((name) => {
      const users = importers.get(name) ?? [];
      return users.length > 0 && !users.some((path) => production.has(path));
    });
    expect(devOnly, "production dependencies that only local tools or tests import").toEqual([]);
  });
});

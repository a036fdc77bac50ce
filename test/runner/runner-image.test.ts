import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
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
});

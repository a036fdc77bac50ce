/**
 * Builds the dashboard into `worker/dashboard/dist` when the output is missing or was built
 * from other sources. `npm start` (through the dev stack) and `npm test` (through the Vitest
 * config) call it, so a fresh clone and an edited dashboard both serve what the sources say.
 *
 * The Worker bundles the built files as text modules and serves them itself
 * (worker/dashboard/serve.ts); they are copied to `dist/worker/` with a `.txt` suffix, which
 * wrangler's default module rules import as text and TypeScript types as a string.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const dashboardDir = resolve(import.meta.dirname, "..");
const repoRoot = resolve(dashboardDir, "../..");
export const dashboardDist = join(dashboardDir, "dist");
/** What Vite emits, exactly: the Worker serves these and nothing else. */
export const DASHBOARD_FILES = ["index.html", "assets/dashboard.js", "assets/dashboard.css"];
const textCopy = (file: string) => join(dashboardDist, "worker", `${file}.txt`);
/** Kept outside the assets directory so it is never served. */
const stampFile = join(repoRoot, "node_modules/.cache/enclave-dashboard/source-hash");
const inputs = [join(dashboardDir, "app"), join(dashboardDir, "vite.config.ts")];
const lockFile = join(repoRoot, "package-lock.json");

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A hash of every source file's path and content, plus the locked dependency versions. */
export function sourceHash(): string {
  const hash = createHash("sha256");
  const files = [...inputs.flatMap(filesUnder), lockFile].sort();
  for (const file of files) {
    hash.update(relative(repoRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export function dashboardIsFresh(): boolean {
  return (
    DASHBOARD_FILES.every((file) => existsSync(textCopy(file))) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === sourceHash()
  );
}

export function ensureDashboardBuilt(log: (line: string) => void = console.error): void {
  if (dashboardIsFresh()) return;
  log("Building the dashboard (vite build) ...");
  const hash = sourceHash();
  const vite = join(repoRoot, "node_modules/vite/bin/vite.js");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "--config", join(dashboardDir, "vite.config.ts")],
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    {
      cwd: repoRoot,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) throw new Error(`the dashboard build failed (exit ${result.status})`);
  copyForWorker();
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, hash);
}

/** The built files as text modules for the Worker; anything else Vite emitted fails the build. */
function copyForWorker(): void {
  const emitted = filesUnder(dashboardDist).map((file) => relative(dashboardDist, file));
  const unexpected = emitted.filter((file) => !DASHBOARD_FILES.includes(file));
  const missing = DASHBOARD_FILES.filter((file) => !emitted.includes(file));
  if (unexpected.length > 0 || missing.length > 0) {
    throw new Error(
      `the dashboard build emitted ${emitted.join(", ")}; the Worker serves exactly ${DASHBOARD_FILES.join(", ")} (worker/dashboard/serve.ts)`,
    );
  }
  for (const file of DASHBOARD_FILES) {
    mkdirSync(dirname(textCopy(file)), { recursive: true });
    copyFileSync(join(dashboardDist, file), textCopy(file));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) ensureDashboardBuilt();

import type { DetectionRule, StringFinding } from "../../worker/contracts/detection.ts";
import { type AppView, recordAt } from "./view.ts";

/** What one ecosystem (Node.js, Python, ...) found in an app folder. */
export interface EcosystemFacts {
  language: StringFinding;
  /** Declared dependencies by name, each with the file that declares it. */
  dependencies: Map<string, string>;
  packageManager: StringFinding | null;
  runtimeVersion: StringFinding | null;
  /**
   * False when the files only support tooling around another app (a package.json with
   * linters next to a static site or a Django app): such an ecosystem never decides the build.
   */
  deployable: boolean;
  /**
   * True when only a source file (main.go, main.py, start.sh ...) and no manifest was seen:
   * such an ecosystem decides the build only when no ecosystem has a manifest.
   */
  fallback?: boolean;
  /** Template used when no framework rule of this ecosystem matched. */
  template: string;
}

/** Commands and port the ecosystem derives for the chosen framework (or none). */
export interface EcosystemCommands {
  buildCommand?: StringFinding | null;
  startCommand?: StringFinding | null;
  /** What the start command runs underneath (a package script's body), to tell its server. */
  serverCommand?: string;
  port?: number;
  healthPath?: StringFinding;
  outputDirectory?: string;
}

export interface Ecosystem {
  id: string;
  /**
   * Files whose contents the ecosystem reads: exact names in the app folder, or "*.ext" for
   * any top-level file with that extension. Only these are fetched from remote sources.
   */
  contentFiles: readonly string[];
  detect(view: AppView): EcosystemFacts | null;
  commands?(
    view: AppView,
    facts: EcosystemFacts,
    framework: DetectionRule | null,
  ): EcosystemCommands;
}

/** The version as given, reduced to what a base image tag takes ("^20.11" → "20"). */
export function majorVersion(spec: string, parts = 1): string | null {
  const match = spec.match(/\d+(?:\.\d+){0,2}/);
  if (!match) return null;
  return match[0].split(".").slice(0, parts).join(".");
}

/** Dependencies named by the keys of a manifest's tables, each table sorted, all found in `file`. */
export function dependenciesInTables(
  manifest: unknown,
  tables: string[],
  file: string,
): Map<string, string> {
  const dependencies = new Map<string, string>();
  for (const table of tables) {
    for (const name of Object.keys(recordAt(manifest, table)).sort()) dependencies.set(name, file);
  }
  return dependencies;
}

/** Dependencies named by the first group of each match of a global `pattern`, found in `file`. */
export function dependenciesMatching(
  text: string,
  pattern: RegExp,
  file: string,
): Map<string, string> {
  const dependencies = new Map<string, string>();
  for (const match of text.matchAll(pattern)) {
    if (match[1]) dependencies.set(match[1], file);
  }
  return dependencies;
}

/** Lines of a requirements-style file without comments and blanks. */
export const meaningfulLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "");

/** Numeric comparison of dotted versions ("3.9" < "3.12"). */
export function versionLess(a: string, b: string): boolean {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference < 0;
  }
  return false;
}

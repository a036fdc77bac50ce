import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import type { Confidence, Evidence, StringFinding } from "../../worker/contracts/detection.ts";

/**
 * The files of one app folder with the contents detection needs, read up front so every rule
 * is a pure, synchronous function of the same data (deterministic, and one parallel read).
 * Paths given to the view are relative to the app folder; evidence names the repository path.
 */
export class AppView {
  /** App folder relative to the repository root; "" for the root. */
  readonly base: string;
  /** Files below the app folder, relative to it, sorted. */
  readonly files: readonly string[];
  readonly #fileSet: Set<string>;
  /** Contents keyed by repository path, shared by the views of one repository. */
  readonly #contents: ReadonlyMap<string, string | null>;

  constructor(
    base: string,
    files: readonly string[],
    contents: ReadonlyMap<string, string | null>,
  ) {
    this.base = base;
    this.files = files;
    this.#fileSet = new Set(files);
    this.#contents = contents;
  }

  has(path: string): boolean {
    return this.#fileSet.has(path);
  }

  /** The first of `paths` that exists. */
  first(...paths: string[]): string | undefined {
    return paths.find((path) => this.#fileSet.has(path));
  }

  /** Files directly in the app folder with this extension (".csproj"). */
  topLevel(extension: string): string[] {
    return this.files.filter((file) => !file.includes("/") && file.endsWith(extension));
  }

  text(path: string): string | null {
    return this.#contents.get(this.repoPath(path)) ?? null;
  }

  json(path: string): Record<string, unknown> | null {
    return this.#parsed(path, (text) => JSON.parse(stripJsonComments(text)));
  }

  toml(path: string): Record<string, unknown> | null {
    return this.#parsed(path, parseToml);
  }

  yaml(path: string): Record<string, unknown> | null {
    return this.#parsed(path, parseYaml);
  }

  /** The path as the customer sees it in their repository. */
  repoPath(path: string): string {
    return this.base === "" ? path : `${this.base}/${path}`;
  }

  finding(value: string, confidence: Confidence, file: string, signal: string): StringFinding {
    return { value, confidence, evidence: [this.evidence(file, signal)] };
  }

  evidence(file: string, signal: string): Evidence {
    return { file: this.repoPath(file), signal };
  }

  #parsed(path: string, parse: (text: string) => unknown): Record<string, unknown> | null {
    const text = this.text(path);
    if (text === null) return null;
    try {
      const value = parse(text);
      return isRecord(value) ? value : null;
    } catch {
      return null;
    }
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A nested record field, or an empty record, so manifests of any shape read safely. */
export const recordAt = (value: unknown, ...keys: string[]): Record<string, unknown> => {
  let current: unknown = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return isRecord(current) ? current : {};
};

export const stringAt = (value: unknown, ...keys: string[]): string | undefined => {
  const parent = recordAt(value, ...keys.slice(0, -1));
  const leaf = parent[keys[keys.length - 1] ?? ""];
  return typeof leaf === "string" ? leaf : undefined;
};

/** deno.jsonc, tsconfig.json and friends allow comments; JSON.parse does not. */
function stripJsonComments(text: string): string {
  return text.replace(
    /("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_, string) => string ?? "",
  );
}

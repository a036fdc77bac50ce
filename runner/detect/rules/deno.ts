import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import type { Ecosystem, EcosystemFacts } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";
import { type AppView, recordAt } from "../view.ts";

/** Entry files a Deno program starts from, in order of preference. */
const ENTRY_FILES = ["main.ts", "server.ts", "mod.ts", "main.tsx", "main.js"];

/** Imports and APIs only Deno resolves: `jsr:` and `npm:` specifiers, deno.land URLs, `Deno.*`. */
const DENO_SOURCE =
  /from\s+["'](?:jsr:|npm:|https:\/\/deno\.land\/)|\bDeno\.(?:serve|listen|env|args)\b/;

export const denoEcosystem: Ecosystem = {
  id: "deno",
  contentFiles: ["deno.json", "deno.jsonc", ...ENTRY_FILES],
  detect(view) {
    const file = view.first("deno.json", "deno.jsonc");
    const config = file ? view.json(file) : null;
    if (!file || !config) return importedDeno(view);
    const dependencies = new Map<string, string>();
    // Import maps name dependencies by specifier: "$fresh/" → "https://deno.land/x/fresh@1.6/".
    for (const [alias, target] of Object.entries(recordAt(config, "imports")).sort()) {
      dependencies.set(alias, file);
      if (typeof target === "string") {
        const name = target.match(/^(?:jsr:|npm:)?(@?[\w.-]+(?:\/[\w.-]+)?)/)?.[1];
        const denoLand = target.match(/deno\.land\/x\/([\w-]+)/)?.[1];
        if (name) dependencies.set(name.replace(/@[\d^~].*$/, ""), file);
        if (denoLand) dependencies.set(denoLand, file);
      }
    }
    return {
      language: view.finding("Deno", "definite", file, file),
      dependencies,
      packageManager: view.finding(
        "deno",
        "definite",
        view.has("deno.lock") ? "deno.lock" : file,
        "deno",
      ),
      runtimeVersion:
        pinnedToolVersion(view, ["deno"], 1) ??
        view.finding("2", "probable", file, "default version"),
      deployable: true,
      template: "deno",
    };
  },
  commands(view, facts) {
    const entry = view.first(...ENTRY_FILES);
    if (!facts.packageManager) {
      // Without a config nothing installs the remote imports: cache them at build time.
      return {
        port: 8000,
        buildCommand: entry
          ? view.finding(`deno cache ${entry}`, "probable", entry, "Deno imports")
          : null,
        startCommand: entry
          ? view.finding(
              `deno run --allow-net --allow-env --allow-read ${entry}`,
              "probable",
              entry,
              "entry file",
            )
          : null,
      };
    }
    const file = view.first("deno.json", "deno.jsonc") ?? "deno.json";
    const tasks = recordAt(view.json(file), "tasks");
    const task = (name: string) =>
      typeof tasks[name] === "string"
        ? view.finding(`deno task ${name}`, "definite", file, `tasks.${name}: ${tasks[name]}`)
        : null;
    return {
      port: 8000,
      buildCommand: task("build"),
      startCommand:
        task("start") ??
        (entry
          ? view.finding(
              `deno run --allow-net --allow-env --allow-read ${entry}`,
              "probable",
              entry,
              "entry file",
            )
          : null),
    };
  },
};

/** A program without deno.json, told apart from Node.js by what only Deno resolves. */
function importedDeno(view: AppView): EcosystemFacts | null {
  if (view.has("package.json")) return null;
  const entry = ENTRY_FILES.find((name) => DENO_SOURCE.test(view.text(name) ?? ""));
  if (!entry) return null;
  return {
    language: view.finding("Deno", "probable", entry, "Deno imports or Deno APIs"),
    dependencies: new Map<string, string>(),
    packageManager: null,
    runtimeVersion: view.finding("2", "probable", entry, "default version"),
    deployable: true,
    fallback: true,
    template: "deno",
  };
}

export const denoRules: DetectionRuleInput[] = [
  {
    id: "fresh",
    name: "Fresh",
    ecosystem: "deno",
    dependencies: ["$fresh/", "@fresh/core", "fresh"],
    files: ["fresh.gen.ts", "fresh.config.ts"],
    priority: 80,
    template: "deno",
    port: 8000,
    startCommand: "deno run -A main.ts",
  },
  {
    id: "oak",
    name: "Oak",
    ecosystem: "deno",
    dependencies: ["@oak/oak", "oak"],
    priority: 60,
    template: "deno",
    port: 8000,
  },
];

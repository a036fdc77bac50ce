import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import type { Ecosystem } from "../ecosystem.ts";
import { recordAt } from "../view.ts";

export const denoEcosystem: Ecosystem = {
  id: "deno",
  contentFiles: ["deno.json", "deno.jsonc"],
  detect(view) {
    const file = view.first("deno.json", "deno.jsonc");
    const config = file ? view.json(file) : null;
    if (!file || !config) return null;
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
      runtimeVersion: view.finding("2", "probable", file, "default version"),
      deployable: true,
      template: "deno",
    };
  },
  commands(view) {
    const file = view.first("deno.json", "deno.jsonc") ?? "deno.json";
    const tasks = recordAt(view.json(file), "tasks");
    const task = (name: string) =>
      typeof tasks[name] === "string"
        ? view.finding(`deno task ${name}`, "definite", file, `tasks.${name}: ${tasks[name]}`)
        : null;
    const entry = view.first("main.ts", "server.ts", "mod.ts", "main.tsx");
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

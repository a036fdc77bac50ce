import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import type { Ecosystem } from "../ecosystem.ts";

export const clojureEcosystem: Ecosystem = {
  id: "clojure",
  contentFiles: ["project.clj", "deps.edn"],
  detect(view) {
    const manifest = view.first("project.clj", "deps.edn");
    const text = manifest ? view.text(manifest) : null;
    if (!manifest || text === null) return null;
    const dependencies = new Map<string, string>();
    // Leiningen: [ring/ring-core "1.12.1"]; tools.deps: ring/ring-core {:mvn/version "1.12.1"}.
    for (const match of text.matchAll(
      /[[\s{]([a-z][\w.-]*(?:\/[\w.-]+)?)\s+(?:"[^"]*"|\{:(?:mvn|git)\/)/g,
    )) {
      if (match[1]) dependencies.set(match[1], manifest);
    }
    const leiningen = manifest === "project.clj";
    return {
      language: view.finding("Clojure", "definite", manifest, manifest),
      dependencies,
      packageManager: view.finding(
        leiningen ? "leiningen" : "tools.deps",
        "definite",
        manifest,
        manifest,
      ),
      runtimeVersion: view.finding("21", "probable", manifest, "default LTS"),
      deployable: true,
      template: leiningen ? "clojure-lein" : "clojure-deps",
    };
  },
  commands(view, facts) {
    const leiningen = facts.packageManager?.value === "leiningen";
    const manifest = leiningen ? "project.clj" : "deps.edn";
    return {
      port: 3000,
      buildCommand: view.finding(
        leiningen ? "lein uberjar" : "clojure -T:build uber",
        "probable",
        manifest,
        "uberjar",
      ),
      startCommand: view.finding("java -jar /app/app.jar", "probable", manifest, "uberjar"),
    };
  },
};

export const clojureRules: DetectionRuleInput[] = [
  {
    id: "ring",
    name: "Ring",
    ecosystem: "clojure",
    dependencies: [
      "ring",
      "ring/ring-core",
      "ring/ring-jetty-adapter",
      "http-kit",
      "http-kit/http-kit",
    ],
    priority: 60,
    port: 3000,
  },
];

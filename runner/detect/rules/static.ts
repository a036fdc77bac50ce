import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import type { Ecosystem } from "../ecosystem.ts";
import type { AppView } from "../view.ts";

const HUGO_CONFIGS = ["hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml"];

/**
 * Sites served as files: Hugo sources, or HTML at the app root. Both are file-marker
 * heuristics, hence `probable`, and lose to any deployable ecosystem.
 */
export const staticEcosystem: Ecosystem = {
  id: "static",
  contentFiles: ["hugo.toml", "config.toml", "Staticfile"],
  detect(view) {
    if (view.has("Staticfile")) {
      return {
        language: view.finding("Static", "definite", "Staticfile", "Staticfile"),
        dependencies: new Map(),
        packageManager: null,
        runtimeVersion: null,
        deployable: true,
        template: "static",
      };
    }
    const hugo =
      view.first(...HUGO_CONFIGS.slice(0, 3)) ??
      (view.files.some(
        (file) =>
          file.startsWith("content/") ||
          file.startsWith("layouts/") ||
          file.startsWith("archetypes/"),
      )
        ? view.first(...HUGO_CONFIGS.slice(3))
        : undefined);
    if (hugo) {
      return {
        language: view.finding("Static", "probable", hugo, "Hugo configuration"),
        dependencies: new Map(),
        packageManager: null,
        runtimeVersion: null,
        deployable: true,
        template: "hugo",
      };
    }
    const index = view.first("index.html", "public/index.html");
    if (!index) return null;
    return {
      language: view.finding("Static", "probable", index, "HTML entry page"),
      dependencies: new Map(),
      packageManager: null,
      runtimeVersion: null,
      deployable: true,
      fallback: true,
      template: "static",
    };
  },
  commands(view) {
    const root = staticfileRoot(view);
    return {
      port: 8080,
      outputDirectory: root ?? (view.has("index.html") ? "." : "public"),
    };
  },
};

/** The folder a Staticfile serves (`root: dist`), as Cloud Foundry and railpack read it. */
function staticfileRoot(view: AppView): string | null {
  const root = view
    .text("Staticfile")
    ?.match(/^root:\s*["']?([^"'\s#]+)/m)?.[1]
    ?.replace(/^\.\//, "")
    .replace(/\/$/, "");
  return root && !root.split("/").includes("..") ? root : null;
}

export const staticRules: DetectionRuleInput[] = [
  {
    id: "hugo",
    name: "Hugo",
    ecosystem: "static",
    files: [
      "hugo.toml",
      "hugo.yaml",
      "hugo.json",
      "archetypes/*.md",
      "layouts/*.html",
      "layouts/_default/*.html",
    ],
    priority: 50,
    template: "hugo",
    port: 8080,
    buildCommand: "hugo --minify",
    outputDirectory: "public",
  },
  {
    id: "static-html",
    name: "Static HTML",
    ecosystem: "static",
    files: ["Staticfile", "index.html", "public/index.html"],
    priority: 10,
    template: "static",
    port: 8080,
  },
];

import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import { dependenciesInTables, type Ecosystem, majorVersion } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";
import { recordAt } from "../view.ts";

const DEFAULT_PHP = "8.3";

export const phpEcosystem: Ecosystem = {
  id: "php",
  contentFiles: ["composer.json"],
  detect(view) {
    const composer = view.json("composer.json");
    if (!composer && !view.has("index.php")) return null;
    const dependencies = dependenciesInTables(
      composer,
      ["require", "require-dev"],
      "composer.json",
    );
    const phpConstraint = recordAt(composer, "require").php;
    const phpVersion = typeof phpConstraint === "string" ? majorVersion(phpConstraint, 2) : null;
    return {
      language: composer
        ? view.finding("PHP", "definite", "composer.json", "composer.json")
        : view.finding("PHP", "probable", "index.php", "index.php"),
      dependencies,
      packageManager: composer
        ? view.finding(
            "composer",
            view.has("composer.lock") ? "definite" : "probable",
            view.has("composer.lock") ? "composer.lock" : "composer.json",
            view.has("composer.lock") ? "lock file" : "composer.json",
          )
        : null,
      runtimeVersion:
        pinnedToolVersion(view, ["php"], 2) ??
        (phpVersion?.includes(".")
          ? view.finding(phpVersion, "definite", "composer.json", `require.php: ${phpConstraint}`)
          : view.finding(
              DEFAULT_PHP,
              "probable",
              composer ? "composer.json" : "index.php",
              "default version",
            )),
      deployable: true,
      template: "php",
    };
  },
  commands(view, _facts, framework) {
    const manifest = view.first("composer.json", "index.php") ?? "index.php";
    return {
      outputDirectory: framework?.outputDirectory ?? ".",
      port: 8080,
      startCommand: view.finding(
        "apache2-foreground",
        "probable",
        manifest,
        "PHP served by Apache",
      ),
    };
  },
};

export const phpRules: DetectionRuleInput[] = [
  {
    id: "laravel",
    name: "Laravel",
    ecosystem: "php",
    dependencies: ["laravel/framework"],
    files: ["artisan"],
    priority: 80,
    template: "php-laravel",
    port: 8080,
    outputDirectory: "public",
    healthPath: "/up",
  },
  {
    id: "symfony",
    name: "Symfony",
    ecosystem: "php",
    dependencies: ["symfony/framework-bundle"],
    files: ["symfony.lock", "bin/console"],
    priority: 78,
    template: "php-symfony",
    port: 8080,
    outputDirectory: "public",
  },
  {
    id: "slim",
    name: "Slim",
    ecosystem: "php",
    dependencies: ["slim/slim"],
    priority: 70,
    template: "php",
    port: 8080,
    outputDirectory: "public",
  },
];

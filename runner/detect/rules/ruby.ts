import type { DetectionRuleInput, StringFinding } from "../../../worker/contracts/detection.ts";
import { dependenciesMatching, type Ecosystem, majorVersion } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";
import type { AppView } from "../view.ts";

const DEFAULT_RUBY = "3.3";

export const rubyEcosystem: Ecosystem = {
  id: "ruby",
  contentFiles: ["Gemfile", "Gemfile.lock", ".ruby-version"],
  detect(view) {
    const gemfile = view.text("Gemfile");
    if (gemfile === null) return null;
    const dependencies = dependenciesMatching(gemfile, /^\s*gem\s+["']([\w.-]+)["']/gm, "Gemfile");
    // Gemfile.lock lists resolved gems indented by four spaces under "specs:".
    for (const match of (view.text("Gemfile.lock") ?? "").matchAll(/^ {4}([\w.-]+) \(/gm)) {
      if (match[1] && !dependencies.has(match[1])) dependencies.set(match[1], "Gemfile.lock");
    }
    return {
      language: view.finding("Ruby", "definite", "Gemfile", "Gemfile"),
      dependencies,
      packageManager: view.has("Gemfile.lock")
        ? view.finding("bundler", "definite", "Gemfile.lock", "lock file")
        : view.finding("bundler", "probable", "Gemfile", "Gemfile"),
      runtimeVersion: rubyVersion(view, gemfile),
      deployable: true,
      template: "ruby-rack",
    };
  },
  commands(view, _facts, framework) {
    if (framework?.id === "rails") return {};
    const port = framework?.port ?? 9292;
    if (view.has("config.ru")) {
      return {
        startCommand: view.finding(
          `bundle exec rackup --host 0.0.0.0 --port ${port}`,
          "probable",
          "config.ru",
          "Rack app",
        ),
      };
    }
    const entry = view.first("app.rb", "main.rb", "server.rb");
    return {
      startCommand: entry
        ? view.finding(
            `bundle exec ruby ${entry} -o 0.0.0.0 -p ${port}`,
            "probable",
            entry,
            "entry file",
          )
        : null,
    };
  },
};

function rubyVersion(view: AppView, gemfile: string): StringFinding {
  const pinned = view
    .text(".ruby-version")
    ?.trim()
    .replace(/^ruby-/, "");
  if (pinned && majorVersion(pinned, 2)) {
    return view.finding(majorVersion(pinned, 2) ?? "", "definite", ".ruby-version", pinned);
  }
  const declared = gemfile.match(/^\s*ruby\s+["']([^"']+)["']/m)?.[1];
  if (declared && majorVersion(declared, 2)) {
    return view.finding(majorVersion(declared, 2) ?? "", "definite", "Gemfile", `ruby ${declared}`);
  }
  const pinnedByManager = pinnedToolVersion(view, ["ruby"], 2);
  if (pinnedByManager) return pinnedByManager;
  return view.finding(DEFAULT_RUBY, "probable", "Gemfile", "default version");
}

export const rubyRules: DetectionRuleInput[] = [
  {
    id: "rails",
    name: "Ruby on Rails",
    ecosystem: "ruby",
    dependencies: ["rails", "railties"],
    files: ["config/application.rb", "bin/rails"],
    priority: 80,
    template: "ruby-rails",
    port: 3000,
    buildCommand: "bundle exec rails assets:precompile",
    startCommand: "bundle exec rails server -b 0.0.0.0 -p 3000",
    healthPath: "/up",
  },
  {
    id: "hanami",
    name: "Hanami",
    ecosystem: "ruby",
    dependencies: ["hanami"],
    priority: 75,
    template: "ruby-rack",
    port: 2300,
  },
  {
    id: "sinatra",
    name: "Sinatra",
    ecosystem: "ruby",
    dependencies: ["sinatra"],
    priority: 70,
    template: "ruby-rack",
    port: 4567,
  },
  {
    id: "roda",
    name: "Roda",
    ecosystem: "ruby",
    dependencies: ["roda"],
    priority: 70,
    template: "ruby-rack",
    port: 9292,
  },
];

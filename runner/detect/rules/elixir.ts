import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import { dependenciesMatching, type Ecosystem, majorVersion } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";

export const elixirEcosystem: Ecosystem = {
  id: "elixir",
  contentFiles: ["mix.exs"],
  detect(view) {
    const mix = view.text("mix.exs");
    if (mix === null) return null;
    const dependencies = dependenciesMatching(mix, /\{\s*:([a-z_][\w]*)\s*,/g, "mix.exs");
    const pinned = pinnedToolVersion(view, ["elixir"], 2);
    const declared = mix.match(/elixir:\s*"[^"\d]*([\d.]+)/)?.[1];
    const version = declared ? majorVersion(declared, 2) : null;
    return {
      language: view.finding("Elixir", "definite", "mix.exs", "mix.exs"),
      dependencies,
      packageManager: view.finding(
        "mix",
        "definite",
        view.has("mix.lock") ? "mix.lock" : "mix.exs",
        "mix",
      ),
      runtimeVersion:
        pinned ??
        (version
          ? view.finding(version, "definite", "mix.exs", `elixir ${declared}`)
          : view.finding("1.17", "probable", "mix.exs", "default version")),
      deployable: true,
      template: "elixir",
    };
  },
  commands(view) {
    const app = view.text("mix.exs")?.match(/app:\s*:([a-z_]\w*)/)?.[1] ?? "app";
    return {
      port: 4000,
      buildCommand: view.finding("mix release", "probable", "mix.exs", `app :${app}`),
      startCommand: view.finding(`/app/bin/${app} start`, "probable", "mix.exs", `app :${app}`),
    };
  },
};

export const elixirRules: DetectionRuleInput[] = [
  {
    id: "phoenix",
    name: "Phoenix",
    ecosystem: "elixir",
    dependencies: ["phoenix"],
    priority: 80,
    template: "elixir-phoenix",
    port: 4000,
  },
  {
    id: "plug",
    name: "Plug",
    ecosystem: "elixir",
    dependencies: ["plug_cowboy", "bandit"],
    priority: 60,
    template: "elixir",
    port: 4000,
  },
];

import type { DetectionRuleInput, StringFinding } from "../../../worker/contracts/detection.ts";
import { dependenciesInTables, type Ecosystem, majorVersion } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";
import { type AppView, stringAt } from "../view.ts";

const DEFAULT_RUST = "1";

export const rustEcosystem: Ecosystem = {
  id: "rust",
  contentFiles: ["Cargo.toml", "rust-toolchain", "rust-toolchain.toml"],
  detect(view) {
    const cargo = view.toml("Cargo.toml");
    if (!cargo) return null;
    const dependencies = dependenciesInTables(
      cargo,
      ["dependencies", "dev-dependencies"],
      "Cargo.toml",
    );
    return {
      language: view.finding("Rust", "definite", "Cargo.toml", "Cargo.toml"),
      dependencies,
      packageManager: view.finding(
        "cargo",
        "definite",
        view.has("Cargo.lock") ? "Cargo.lock" : "Cargo.toml",
        view.has("Cargo.lock") ? "lock file" : "Cargo.toml",
      ),
      runtimeVersion: rustVersion(view, cargo),
      deployable: view.has("src/main.rs") || Array.isArray(cargo.bin),
      template: "rust",
    };
  },
  commands(view) {
    const cargo = view.toml("Cargo.toml");
    const bins = Array.isArray(cargo?.bin) ? cargo.bin : [];
    const binary = stringAt(bins[0], "name") ?? stringAt(cargo, "package", "name") ?? "app";
    return {
      port: 8080,
      buildCommand: view.finding(
        `cargo build --release --bin ${binary}`,
        "definite",
        "Cargo.toml",
        `binary ${binary}`,
      ),
      startCommand: view.finding(`/app/${binary}`, "definite", "Cargo.toml", `binary ${binary}`),
    };
  },
};

function rustVersion(view: AppView, cargo: Record<string, unknown>): StringFinding {
  const toolchainToml = view.toml("rust-toolchain.toml");
  const channel =
    stringAt(toolchainToml, "toolchain", "channel") ?? view.text("rust-toolchain")?.trim();
  if (channel && majorVersion(channel, 2)) {
    const file = toolchainToml ? "rust-toolchain.toml" : "rust-toolchain";
    return view.finding(majorVersion(channel, 2) ?? "", "definite", file, `channel ${channel}`);
  }
  const pinned = pinnedToolVersion(view, ["rust"], 2);
  if (pinned) return pinned;
  const declared = stringAt(cargo, "package", "rust-version");
  if (declared && majorVersion(declared, 2)) {
    return view.finding(
      majorVersion(declared, 2) ?? "",
      "definite",
      "Cargo.toml",
      `rust-version ${declared}`,
    );
  }
  return view.finding(DEFAULT_RUST, "probable", "Cargo.toml", "latest stable");
}

export const rustRules: DetectionRuleInput[] = [
  {
    id: "axum",
    name: "Axum",
    ecosystem: "rust",
    dependencies: ["axum"],
    priority: 70,
    template: "rust",
    port: 3000,
  },
  {
    id: "actix-web",
    name: "Actix Web",
    ecosystem: "rust",
    dependencies: ["actix-web"],
    priority: 70,
    template: "rust",
    port: 8080,
  },
  {
    id: "rocket",
    name: "Rocket",
    ecosystem: "rust",
    dependencies: ["rocket"],
    priority: 70,
    template: "rust",
    port: 8000,
  },
  {
    id: "warp",
    name: "warp",
    ecosystem: "rust",
    dependencies: ["warp"],
    priority: 65,
    template: "rust",
    port: 3030,
  },
];

import type { DetectionRuleInput } from "../../../worker/contracts/detection.ts";
import {
  dependenciesInTables,
  dependenciesMatching,
  type Ecosystem,
  majorVersion,
} from "../ecosystem.ts";
import { recordAt, stringAt } from "../view.ts";

/** Swift Package Manager: dependencies are named by their repository ("vapor"). */
export const swiftEcosystem: Ecosystem = {
  id: "swift",
  contentFiles: ["Package.swift", ".swift-version"],
  detect(view) {
    const manifest = view.text("Package.swift");
    if (manifest === null) return null;
    const dependencies = dependenciesMatching(
      manifest,
      /\.package\(\s*url:\s*"[^"]*\/([\w.-]+?)(?:\.git)?"/g,
      "Package.swift",
    );
    const tools = manifest.match(/swift-tools-version:\s*([\d.]+)/)?.[1];
    const version = view.text(".swift-version")?.trim() ?? tools;
    return {
      language: view.finding("Swift", "definite", "Package.swift", "Package.swift"),
      dependencies,
      packageManager: view.finding(
        "swiftpm",
        "definite",
        view.has("Package.resolved") ? "Package.resolved" : "Package.swift",
        "Swift Package Manager",
      ),
      runtimeVersion: view.finding(
        majorVersion(version ?? "6.0", 2) ?? "6.0",
        version ? "definite" : "probable",
        "Package.swift",
        `swift ${version ?? "default"}`,
      ),
      deployable: true,
      template: "swift",
    };
  },
  commands(view) {
    const target =
      view.text("Package.swift")?.match(/\.executableTarget\(\s*name:\s*"([\w-]+)"/)?.[1] ?? "App";
    return {
      port: 8080,
      buildCommand: view.finding(
        `swift build -c release --product ${target}`,
        "probable",
        "Package.swift",
        `executable ${target}`,
      ),
      startCommand: view.finding(
        `/app/${target} serve --hostname 0.0.0.0 --port 8080`,
        "probable",
        "Package.swift",
        `executable ${target}`,
      ),
    };
  },
};

export const dartEcosystem: Ecosystem = {
  id: "dart",
  contentFiles: ["pubspec.yaml"],
  detect(view) {
    const pubspec = view.yaml("pubspec.yaml");
    if (!pubspec) return null;
    const dependencies = dependenciesInTables(
      pubspec,
      ["dependencies", "dev_dependencies"],
      "pubspec.yaml",
    );
    const sdk = stringAt(pubspec, "environment", "sdk");
    const version = sdk ? majorVersion(sdk, 1) : null;
    return {
      language: view.finding("Dart", "definite", "pubspec.yaml", "pubspec.yaml"),
      dependencies,
      packageManager: view.finding(
        "pub",
        "definite",
        view.has("pubspec.lock") ? "pubspec.lock" : "pubspec.yaml",
        "pub",
      ),
      runtimeVersion: version
        ? view.finding(version, "definite", "pubspec.yaml", `sdk: ${sdk}`)
        : view.finding("3", "probable", "pubspec.yaml", "default version"),
      deployable: !dependencies.has("flutter"),
      template: "dart",
    };
  },
  commands(view, _facts, framework) {
    const entry =
      framework?.id === "dart-frog"
        ? "build/bin/server.dart"
        : (view.first("bin/server.dart", "bin/main.dart") ?? "bin/server.dart");
    return {
      port: 8080,
      buildCommand: view.finding(
        framework?.id === "dart-frog"
          ? `dart pub global activate dart_frog_cli && dart pub global run dart_frog_cli:dart_frog build && dart compile exe ${entry} -o /out/server`
          : `dart compile exe ${entry} -o /out/server`,
        "probable",
        "pubspec.yaml",
        `entry ${entry}`,
      ),
      startCommand: view.finding("/app/server", "probable", "pubspec.yaml", `entry ${entry}`),
    };
  },
};

export const zigEcosystem: Ecosystem = {
  id: "zig",
  contentFiles: ["build.zig.zon"],
  detect(view) {
    if (!view.has("build.zig")) return null;
    const zon = view.text("build.zig.zon") ?? "";
    const block = zon.match(/\.dependencies\s*=\s*\.\{([\s\S]*?)\n\s*\},?\s*\n/)?.[1] ?? "";
    const dependencies = dependenciesMatching(block, /^\s*\.([\w]+)\s*=\s*\.\{/gm, "build.zig.zon");
    const minimum = zon.match(/\.minimum_zig_version\s*=\s*"([\d.]+)"/)?.[1];
    return {
      language: view.finding("Zig", "definite", "build.zig", "build.zig"),
      dependencies,
      packageManager: view.finding(
        "zig build",
        "definite",
        view.has("build.zig.zon") ? "build.zig.zon" : "build.zig",
        "zig build",
      ),
      runtimeVersion: minimum
        ? view.finding(
            majorVersion(minimum, 2) ?? minimum,
            "definite",
            "build.zig.zon",
            `minimum_zig_version ${minimum}`,
          )
        : view.finding("0.13", "probable", "build.zig", "default version"),
      deployable: true,
      template: "zig",
    };
  },
  commands(view) {
    const name = view.text("build.zig.zon")?.match(/\.name\s*=\s*\.?"?([\w-]+)"?/)?.[1] ?? "app";
    return {
      port: 8080,
      buildCommand: view.finding(
        "zig build -Doptimize=ReleaseSafe",
        "probable",
        "build.zig",
        "zig build",
      ),
      startCommand: view.finding(
        `/app/${name}`,
        "probable",
        view.has("build.zig.zon") ? "build.zig.zon" : "build.zig",
        `executable ${name}`,
      ),
    };
  },
};

export const crystalEcosystem: Ecosystem = {
  id: "crystal",
  contentFiles: ["shard.yml"],
  detect(view) {
    const shard = view.yaml("shard.yml");
    if (!shard) return null;
    const dependencies = dependenciesInTables(shard, ["dependencies"], "shard.yml");
    const crystal = stringAt(shard, "crystal");
    const version = crystal ? majorVersion(crystal, 2) : null;
    return {
      language: view.finding("Crystal", "definite", "shard.yml", "shard.yml"),
      dependencies,
      packageManager: view.finding(
        "shards",
        "definite",
        view.has("shard.lock") ? "shard.lock" : "shard.yml",
        "shards",
      ),
      runtimeVersion: version
        ? view.finding(version, "definite", "shard.yml", `crystal: ${crystal}`)
        : view.finding("1.14", "probable", "shard.yml", "default version"),
      deployable: Object.keys(recordAt(view.yaml("shard.yml"), "targets")).length > 0,
      template: "crystal",
    };
  },
  commands(view) {
    const target = Object.keys(recordAt(view.yaml("shard.yml"), "targets")).sort()[0] ?? "app";
    return {
      port: 3000,
      buildCommand: view.finding(
        "shards build --release --production",
        "definite",
        "shard.yml",
        `target ${target}`,
      ),
      startCommand: view.finding(`/app/${target}`, "definite", "shard.yml", `target ${target}`),
    };
  },
};

export const gleamEcosystem: Ecosystem = {
  id: "gleam",
  contentFiles: ["gleam.toml"],
  detect(view) {
    const config = view.toml("gleam.toml");
    if (!config) return null;
    const dependencies = dependenciesInTables(config, ["dependencies"], "gleam.toml");
    return {
      language: view.finding("Gleam", "definite", "gleam.toml", "gleam.toml"),
      dependencies,
      packageManager: view.finding(
        "gleam",
        "definite",
        view.has("manifest.toml") ? "manifest.toml" : "gleam.toml",
        "gleam",
      ),
      runtimeVersion: view.finding("1", "probable", "gleam.toml", "default version"),
      deployable: true,
      template: "gleam",
    };
  },
  commands(view) {
    const name = stringAt(view.toml("gleam.toml"), "name") ?? "app";
    return {
      port: 8000,
      buildCommand: view.finding(
        "gleam export erlang-shipment",
        "definite",
        "gleam.toml",
        `package ${name}`,
      ),
      startCommand: view.finding(
        "/app/entrypoint.sh run",
        "definite",
        "gleam.toml",
        `package ${name}`,
      ),
    };
  },
};

export const haskellEcosystem: Ecosystem = {
  id: "haskell",
  contentFiles: ["*.cabal", "stack.yaml"],
  detect(view) {
    const cabal = view.topLevel(".cabal")[0];
    const text = cabal ? view.text(cabal) : null;
    if (!cabal || text === null) return null;
    const dependencies = new Map<string, string>();
    for (const block of text.matchAll(/build-depends:\s*([\s\S]*?)(?=\n\s*[\w-]+:|\n\S|$)/g)) {
      for (const name of (block[1] ?? "").split(",")) {
        const match = name.trim().match(/^([A-Za-z][\w-]*)/);
        if (match?.[1]) dependencies.set(match[1], cabal);
      }
    }
    const stack = view.has("stack.yaml");
    return {
      language: view.finding("Haskell", "definite", cabal, "cabal file"),
      dependencies,
      packageManager: view.finding(
        stack ? "stack" : "cabal",
        "definite",
        stack ? "stack.yaml" : cabal,
        stack ? "stack.yaml" : "cabal file",
      ),
      runtimeVersion: view.finding("9.6", "probable", cabal, "default GHC"),
      deployable: /^executable\s+/m.test(text),
      template: "haskell",
    };
  },
  commands(view) {
    const cabal = view.topLevel(".cabal")[0] ?? "app.cabal";
    const executable = view.text(cabal)?.match(/^executable\s+([\w-]+)/m)?.[1] ?? "app";
    return {
      port: 3000,
      buildCommand: view.finding(
        `cabal install exe:${executable} --installdir=/out --install-method=copy`,
        "definite",
        cabal,
        `executable ${executable}`,
      ),
      startCommand: view.finding(
        `/app/${executable}`,
        "definite",
        cabal,
        `executable ${executable}`,
      ),
    };
  },
};

export const nativeRules: DetectionRuleInput[] = [
  {
    id: "vapor",
    name: "Vapor",
    ecosystem: "swift",
    dependencies: ["vapor"],
    priority: 80,
    template: "swift",
    port: 8080,
  },
  {
    id: "hummingbird",
    name: "Hummingbird",
    ecosystem: "swift",
    dependencies: ["hummingbird"],
    priority: 75,
    template: "swift",
    port: 8080,
  },
  {
    id: "dart-frog",
    name: "Dart Frog",
    ecosystem: "dart",
    dependencies: ["dart_frog"],
    priority: 80,
    template: "dart",
    port: 8080,
  },
  {
    id: "shelf",
    name: "Shelf",
    ecosystem: "dart",
    dependencies: ["shelf"],
    priority: 70,
    template: "dart",
    port: 8080,
  },
  {
    id: "kemal",
    name: "Kemal",
    ecosystem: "crystal",
    dependencies: ["kemal"],
    priority: 80,
    template: "crystal",
    port: 3000,
  },
  {
    id: "wisp",
    name: "Wisp",
    ecosystem: "gleam",
    dependencies: ["wisp"],
    priority: 80,
    template: "gleam",
    port: 8000,
  },
  {
    id: "mist",
    name: "Mist",
    ecosystem: "gleam",
    dependencies: ["mist"],
    priority: 70,
    template: "gleam",
    port: 8000,
  },
  {
    id: "scotty",
    name: "Scotty",
    ecosystem: "haskell",
    dependencies: ["scotty"],
    priority: 75,
    template: "haskell",
    port: 3000,
  },
  {
    id: "servant",
    name: "Servant",
    ecosystem: "haskell",
    dependencies: ["servant-server"],
    priority: 75,
    template: "haskell",
    port: 8080,
  },
  {
    id: "yesod",
    name: "Yesod",
    ecosystem: "haskell",
    dependencies: ["yesod", "yesod-core"],
    priority: 75,
    template: "haskell",
    port: 3000,
  },
  {
    id: "httpz",
    name: "http.zig",
    ecosystem: "zig",
    dependencies: ["httpz"],
    priority: 70,
    template: "zig",
    port: 8080,
  },
];

import type { Evidence, StringFinding } from "../../worker/contracts/detection.ts";
import { type AppView, isRecord, recordAt, stringAt } from "./view.ts";

/** Configuration files of other builders that detection honours, in order of precedence. */
export const EXPLICIT_FILES = [
  "railpack.json",
  "nixpacks.toml",
  "nixpacks.json",
  "Procfile",
  "project.toml",
  "app.json",
];

/**
 * What the customer stated for another builder (Railway's railpack and nixpacks, Heroku,
 * Cloud Native Buildpacks). Each value is `definite` and wins over anything inferred.
 */
export interface ExplicitConfig {
  startCommand: StringFinding | null;
  buildCommand: StringFinding | null;
  /** The ecosystem a provider or buildpack list names, when several were detected. */
  ecosystem: { id: string; evidence: Evidence } | null;
}

/** Provider and buildpack names as the builders spell them, by ecosystem id. */
const PROVIDER_ECOSYSTEMS: Record<string, string> = {
  node: "node",
  nodejs: "node",
  bun: "node",
  python: "python",
  ruby: "ruby",
  php: "php",
  go: "go",
  golang: "go",
  java: "jvm",
  gradle: "jvm",
  maven: "jvm",
  rust: "rust",
  elixir: "elixir",
  deno: "deno",
  dotnet: "dotnet",
  csharp: "dotnet",
  fsharp: "dotnet",
  staticfile: "static",
  static: "static",
  gleam: "gleam",
  shell: "shell",
  cpp: "cpp",
  zig: "zig",
  crystal: "crystal",
  swift: "swift",
  dart: "dart",
  haskell: "haskell",
  clojure: "clojure",
  scala: "scala",
  cobol: "cobol",
  scheme: "scheme",
};

/** "heroku/nodejs", "paketo-buildpacks/go", "https://github.com/heroku/heroku-buildpack-python". */
function ecosystemOfProvider(name: string): string | undefined {
  const last =
    name
      .toLowerCase()
      .replace(/\.git$/, "")
      .split("/")
      .pop() ?? "";
  return PROVIDER_ECOSYSTEMS[last.replace(/^heroku-buildpack-/, "")];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

export function explicitConfig(view: AppView): ExplicitConfig {
  const railpack = view.json("railpack.json");
  const nixpacksFile = view.first("nixpacks.toml", "nixpacks.json");
  const nixpacks = nixpacksFile
    ? nixpacksFile.endsWith(".toml")
      ? view.toml(nixpacksFile)
      : view.json(nixpacksFile)
    : null;
  const projectToml = view.toml("project.toml");
  const appJson = view.json("app.json");

  const starts: (StringFinding | null)[] = [
    found(
      view,
      stringAt(railpack, "deploy", "startCommand"),
      "railpack.json",
      "deploy.startCommand",
    ),
    found(view, stringAt(nixpacks, "start", "cmd"), nixpacksFile, "[start] cmd"),
    procfileWeb(view),
    found(
      view,
      buildpackEnv(projectToml, "GOOGLE_ENTRYPOINT"),
      "project.toml",
      "GOOGLE_ENTRYPOINT",
    ),
  ];
  const railpackBuild = recordAt(railpack, "steps", "build").commands;
  const builds: (StringFinding | null)[] = [
    found(
      view,
      joined(
        (Array.isArray(railpackBuild) ? railpackBuild : []).map((command) =>
          typeof command === "string" ? command : stringAt(command, "cmd"),
        ),
      ),
      "railpack.json",
      "steps.build.commands",
    ),
    found(
      view,
      joined(strings(recordAt(nixpacks, "phases", "build").cmds)),
      nixpacksFile,
      "[phases.build] cmds",
    ),
  ];

  const providers: [string | undefined, string[], string][] = [
    ["railpack.json", [stringAt(railpack, "provider") ?? ""], "provider"],
    [nixpacksFile, strings(nixpacks?.providers), "providers"],
    [
      "project.toml",
      (Array.isArray(recordAt(projectToml, "io", "buildpacks").group)
        ? (recordAt(projectToml, "io", "buildpacks").group as unknown[])
        : []
      ).map((entry) => stringAt(entry, "id") ?? stringAt(entry, "uri") ?? ""),
      "[[io.buildpacks.group]]",
    ],
    [
      "app.json",
      (Array.isArray(appJson?.buildpacks) ? appJson.buildpacks : []).map(
        (entry: unknown) => stringAt(entry, "url") ?? "",
      ),
      "buildpacks",
    ],
  ];
  let ecosystem: ExplicitConfig["ecosystem"] = null;
  for (const [file, names, key] of providers) {
    // The last named buildpack or provider is the one that runs the app.
    const name = [...names].reverse().find((item) => ecosystemOfProvider(item));
    const id = name ? ecosystemOfProvider(name) : undefined;
    if (file && name && id) {
      ecosystem = { id, evidence: view.evidence(file, `${key}: ${name}`) };
      break;
    }
  }

  return {
    startCommand: starts.find((finding) => finding !== null) ?? null,
    buildCommand: builds.find((finding) => finding !== null) ?? null,
    ecosystem,
  };
}

function found(
  view: AppView,
  value: string | undefined,
  file: string | undefined,
  key: string,
): StringFinding | null {
  const command = value?.trim();
  return command && file ? view.finding(command, "definite", file, key) : null;
}

const joined = (commands: (string | undefined)[]): string | undefined => {
  const present = commands.filter((command): command is string => !!command?.trim());
  return present.length > 0 ? present.join(" && ") : undefined;
};

/** A build-time variable of a project descriptor (`[[io.buildpacks.build.env]]`). */
function buildpackEnv(
  projectToml: Record<string, unknown> | null,
  name: string,
): string | undefined {
  const env = recordAt(projectToml, "io", "buildpacks", "build").env;
  if (!Array.isArray(env)) return undefined;
  const entry = env.find((item) => isRecord(item) && item.name === name);
  return stringAt(entry, "value");
}

/** A Procfile's `web:` process is what Heroku-style platforms run. */
function procfileWeb(view: AppView): StringFinding | null {
  const text = view.text("Procfile");
  if (text === null) return null;
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => /^web:\s*\S/.test(line));
  const command = lines[index]?.replace(/^web:\s*/, "").trim();
  return command
    ? view.finding(command, "definite", "Procfile", `line ${index + 1}: web process`)
    : null;
}

import JSON5 from "json5";
import type { DetectionRuleInput, StringFinding } from "../../../worker/contracts/detection.ts";
import { type Ecosystem, majorVersion, versionLess } from "../ecosystem.ts";
import { pinnedToolVersion } from "../tool-versions.ts";
import { type AppView, isRecord, recordAt, stringAt } from "../view.ts";

/** Node.js LTS used when the repository does not pin a version. */
const DEFAULT_NODE_MAJOR = 22;

const LOCK_FILES: [file: string, manager: string][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

/** Entry files a plain Node.js server commonly starts from, in order of preference. */
const ENTRY_FILES = [
  "server.js",
  "server.mjs",
  "index.js",
  "index.mjs",
  "index.ts",
  "app.js",
  "main.js",
];

/** Package managers that run scripts and may be named in a script ("bun run src/index.ts"). */
const MANAGERS = ["pnpm", "yarn", "bun"];

/** The package manifest: package.json, or pnpm's package.json5. */
export function nodeManifest(
  view: AppView,
): { file: string; manifest: Record<string, unknown> } | null {
  const manifest = view.json("package.json");
  if (manifest) return { file: "package.json", manifest };
  const text = view.text("package.json5");
  if (text === null) return null;
  try {
    const parsed: unknown = JSON5.parse(text);
    return isRecord(parsed) ? { file: "package.json5", manifest: parsed } : null;
  } catch {
    return null;
  }
}

export const nodeEcosystem: Ecosystem = {
  id: "node",
  contentFiles: [
    "package.json",
    "package.json5",
    ".nvmrc",
    ".node-version",
    "angular.json",
    "next.config.js",
    "next.config.mjs",
    "next.config.ts",
  ],
  detect(view) {
    const found = nodeManifest(view);
    if (!found) return null;
    const { file, manifest } = found;
    const dependencies = new Map<string, string>();
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
      for (const name of Object.keys(recordAt(manifest, field)).sort()) {
        dependencies.set(name, file);
      }
    }
    const scripts = recordAt(manifest, "scripts");
    const typescript = dependencies.has("typescript") || view.has("tsconfig.json");
    return {
      language: view.finding(
        "Node.js",
        "definite",
        file,
        typescript ? `${file} with TypeScript` : file,
      ),
      dependencies,
      packageManager: packageManager(view, file, manifest),
      runtimeVersion: nodeVersion(view, file, manifest),
      deployable:
        typeof scripts.start === "string" ||
        typeof manifest.main === "string" ||
        Object.keys(recordAt(manifest, "dependencies")).length > 0 ||
        ENTRY_FILES.some((entry) => view.has(entry)),
      template: "node-server",
    };
  },
  commands(view, facts, framework) {
    const { file, manifest } = nodeManifest(view) ?? { file: "package.json", manifest: {} };
    const scripts = recordAt(manifest, "scripts");
    const manager = facts.packageManager?.value ?? "npm";
    const scriptFinding = (script: string): StringFinding | null => {
      const body = scripts[script];
      return typeof body === "string"
        ? view.finding(`${manager} run ${script}`, "definite", file, `scripts.${script}: ${body}`)
        : null;
    };
    // Only the Bun image has bun; every other image runs the entry with node.
    const runner = framework?.template === "bun" ? "bun" : "node";
    const entry = view.first(...ENTRY_FILES);
    const main = stringAt(manifest, "main");
    const startCommand =
      scriptFinding("start") ??
      nextStandalone(view, framework?.id) ??
      (main
        ? view.finding(`${runner} ${main.replace(/^\.\//, "")}`, "definite", file, `main: ${main}`)
        : entry
          ? view.finding(`${runner} ${entry}`, "probable", entry, "entry file")
          : null);
    const buildCommand = scriptFinding("build");
    const start = scripts.start;
    return {
      startCommand,
      buildCommand,
      ...(typeof start === "string" ? { serverCommand: start } : {}),
      outputDirectory:
        framework?.id === "angular" ? angularOutput(view) : framework?.outputDirectory,
    };
  },
};

/** `output: "standalone"` makes Next.js write a self-contained server to .next/standalone. */
function nextStandalone(view: AppView, framework: string | undefined): StringFinding | null {
  if (framework !== "nextjs") return null;
  const config = view.first("next.config.js", "next.config.mjs", "next.config.ts");
  if (!config || !/output\s*:\s*["'`]standalone["'`]/.test(view.text(config) ?? "")) return null;
  return view.finding(
    "node .next/standalone/server.js",
    "definite",
    config,
    'output: "standalone"',
  );
}

function packageManager(
  view: AppView,
  file: string,
  manifest: Record<string, unknown>,
): StringFinding {
  const declared = stringAt(manifest, "packageManager");
  if (declared) {
    const name = declared.split("@")[0] ?? "npm";
    return view.finding(name, "definite", file, `packageManager: ${declared}`);
  }
  for (const [lock, manager] of LOCK_FILES) {
    if (view.has(lock)) return view.finding(manager, "definite", lock, "lock file");
  }
  for (const manager of MANAGERS) {
    const engine = stringAt(manifest, "engines", manager);
    if (engine) return view.finding(manager, "definite", file, `engines.${manager}: ${engine}`);
  }
  if (view.has("bunfig.toml")) return view.finding("bun", "probable", "bunfig.toml", "bunfig.toml");
  if (file === "package.json5") {
    return view.finding("pnpm", "definite", file, "package.json5 is read only by pnpm");
  }
  for (const [script, body] of Object.entries(recordAt(manifest, "scripts")).sort()) {
    if (typeof body !== "string") continue;
    const manager = MANAGERS.find((name) => new RegExp(`(^|&&\\s*|\\s)${name}x?\\s`).test(body));
    if (manager) return view.finding(manager, "probable", file, `scripts.${script}: ${body}`);
  }
  return view.finding("npm", "probable", file, "no lock file");
}

function nodeVersion(
  view: AppView,
  file: string,
  manifest: Record<string, unknown>,
): StringFinding {
  for (const versionFile of [".nvmrc", ".node-version"]) {
    const text = view.text(versionFile)?.trim();
    const major = text && !text.startsWith("lts") ? majorVersion(text) : null;
    if (major) return view.finding(major, "definite", versionFile, text ?? "");
  }
  const pinned = pinnedToolVersion(view, ["nodejs", "node"], 1);
  if (pinned) return pinned;
  const engines = stringAt(manifest, "engines", "node");
  const enginesMajor = engines ? majorVersion(engines) : null;
  if (engines && enginesMajor) {
    // A lower bound (">=18") accepts the current LTS, which gets security fixes longest.
    const floor = /^\s*>/.test(engines) && versionLess(enginesMajor, String(DEFAULT_NODE_MAJOR));
    const value = floor ? String(DEFAULT_NODE_MAJOR) : enginesMajor;
    return view.finding(value, "definite", file, `engines.node: ${engines}`);
  }
  return view.finding(String(DEFAULT_NODE_MAJOR), "probable", file, "default LTS");
}

/** Angular 17+ writes to dist/<project>/browser; older versions to dist/<project>. */
function angularOutput(view: AppView): string {
  const workspace = view.json("angular.json");
  const projects = recordAt(workspace, "projects");
  const name = Object.keys(projects).sort()[0];
  if (!name) return "dist";
  const options = recordAt(projects, name, "architect", "build", "options");
  const output = options.outputPath;
  const builder = stringAt(projects, name, "architect", "build", "builder") ?? "";
  const base = typeof output === "string" ? output : (stringAt(output, "base") ?? `dist/${name}`);
  return builder.endsWith(":application") ? `${base}/browser` : base;
}

/** Framework rules for Node.js, most specific (meta-frameworks) first. */
export const nodeRules: DetectionRuleInput[] = [
  {
    id: "nextjs",
    name: "Next.js",
    ecosystem: "node",
    dependencies: ["next"],
    files: ["next.config.js", "next.config.mjs", "next.config.ts"],
    priority: 90,
    template: "node-nextjs",
    port: 3000,
    buildCommand: "npx next build",
    startCommand: "npx next start",
  },
  {
    id: "nuxt",
    name: "Nuxt",
    ecosystem: "node",
    dependencies: ["nuxt"],
    files: ["nuxt.config.ts", "nuxt.config.js"],
    priority: 90,
    template: "node-ssr",
    port: 3000,
    buildCommand: "npx nuxt build",
    startCommand: "node .output/server/index.mjs",
  },
  {
    id: "tanstack-start",
    name: "TanStack Start",
    ecosystem: "node",
    dependencies: ["@tanstack/react-start", "@tanstack/solid-start", "@tanstack/start"],
    priority: 87,
    template: "node-ssr",
    port: 3000,
    buildCommand: "npx vite build",
    startCommand: "node .output/server/index.mjs",
  },
  {
    id: "sveltekit-static",
    name: "SvelteKit (static adapter)",
    ecosystem: "node",
    dependencies: ["@sveltejs/adapter-static"],
    priority: 91,
    template: "node-static",
    port: 8080,
    buildCommand: "npx vite build",
    outputDirectory: "build",
  },
  {
    id: "sveltekit",
    name: "SvelteKit",
    ecosystem: "node",
    dependencies: ["@sveltejs/kit"],
    files: ["svelte.config.js"],
    priority: 88,
    template: "node-ssr",
    port: 3000,
    buildCommand: "npx vite build",
    startCommand: "node build",
  },
  {
    id: "react-router",
    name: "React Router",
    ecosystem: "node",
    dependencies: ["@react-router/dev", "@react-router/serve", "@react-router/node"],
    files: ["react-router.config.ts"],
    priority: 86,
    template: "node-ssr",
    port: 3000,
    buildCommand: "npx react-router build",
    startCommand: "npx react-router-serve ./build/server/index.js",
  },
  {
    id: "remix",
    name: "Remix",
    ecosystem: "node",
    dependencies: ["@remix-run/dev", "@remix-run/node", "@remix-run/serve"],
    files: ["remix.config.js"],
    priority: 85,
    template: "node-ssr",
    port: 3000,
    buildCommand: "npx remix build",
    startCommand: "npx remix-serve ./build/index.js",
  },
  {
    id: "solidstart",
    name: "SolidStart",
    ecosystem: "node",
    dependencies: ["@solidjs/start"],
    priority: 85,
    template: "node-ssr",
    port: 3000,
    buildCommand: "npx vinxi build",
    startCommand: "node .output/server/index.mjs",
  },
  {
    id: "astro-ssr",
    name: "Astro (Node adapter)",
    ecosystem: "node",
    dependencies: ["@astrojs/node"],
    priority: 82,
    template: "node-ssr",
    port: 4321,
    buildCommand: "npx astro build",
    startCommand: "node ./dist/server/entry.mjs",
  },
  {
    id: "astro",
    name: "Astro",
    ecosystem: "node",
    dependencies: ["astro"],
    files: ["astro.config.mjs", "astro.config.ts"],
    priority: 80,
    template: "node-static",
    port: 8080,
    buildCommand: "npx astro build",
    outputDirectory: "dist",
  },
  {
    id: "gatsby",
    name: "Gatsby",
    ecosystem: "node",
    dependencies: ["gatsby"],
    files: ["gatsby-config.js", "gatsby-config.ts"],
    priority: 80,
    template: "node-static",
    port: 8080,
    buildCommand: "npx gatsby build",
    outputDirectory: "public",
  },
  {
    id: "docusaurus",
    name: "Docusaurus",
    ecosystem: "node",
    dependencies: ["@docusaurus/core"],
    files: ["docusaurus.config.js", "docusaurus.config.ts"],
    priority: 80,
    template: "node-static",
    port: 8080,
    buildCommand: "npx docusaurus build",
    outputDirectory: "build",
  },
  {
    id: "eleventy",
    name: "Eleventy",
    ecosystem: "node",
    dependencies: ["@11ty/eleventy"],
    files: [".eleventy.js", "eleventy.config.js"],
    priority: 80,
    template: "node-static",
    port: 8080,
    buildCommand: "npx @11ty/eleventy",
    outputDirectory: "_site",
  },
  {
    id: "angular",
    name: "Angular",
    ecosystem: "node",
    dependencies: ["@angular/core"],
    files: ["angular.json"],
    priority: 75,
    template: "node-static",
    port: 8080,
    buildCommand: "npx ng build",
    outputDirectory: "dist",
  },
  {
    id: "nestjs",
    name: "NestJS",
    ecosystem: "node",
    dependencies: ["@nestjs/core"],
    files: ["nest-cli.json"],
    priority: 70,
    template: "node-server",
    port: 3000,
    buildCommand: "npx nest build",
    startCommand: "node dist/main",
  },
  {
    id: "create-react-app",
    name: "Create React App",
    ecosystem: "node",
    dependencies: ["react-scripts"],
    priority: 70,
    template: "node-static",
    port: 8080,
    buildCommand: "npx react-scripts build",
    outputDirectory: "build",
  },
  {
    id: "elysia",
    name: "Elysia",
    ecosystem: "node",
    dependencies: ["elysia"],
    priority: 62,
    template: "bun",
    port: 3000,
    startCommand: "bun run src/index.ts",
  },
  {
    id: "bun",
    name: "Bun",
    ecosystem: "node",
    dependencies: ["@types/bun", "bun-types"],
    files: ["bun.lock", "bun.lockb", "bunfig.toml"],
    priority: 60,
    template: "bun",
    port: 3000,
    startCommand: "bun run index.ts",
  },
  {
    id: "fastify",
    name: "Fastify",
    ecosystem: "node",
    dependencies: ["fastify"],
    priority: 55,
    template: "node-server",
    port: 3000,
  },
  {
    id: "hono",
    name: "Hono",
    ecosystem: "node",
    dependencies: ["hono"],
    priority: 55,
    template: "node-server",
    port: 3000,
  },
  {
    id: "koa",
    name: "Koa",
    ecosystem: "node",
    dependencies: ["koa"],
    priority: 50,
    template: "node-server",
    port: 3000,
  },
  {
    id: "express",
    name: "Express",
    ecosystem: "node",
    dependencies: ["express"],
    priority: 50,
    template: "node-server",
    port: 3000,
  },
  {
    id: "vite",
    name: "Vite",
    ecosystem: "node",
    dependencies: ["vite"],
    files: ["vite.config.ts", "vite.config.js", "vite.config.mjs"],
    priority: 30,
    template: "node-static",
    port: 8080,
    buildCommand: "npx vite build",
    outputDirectory: "dist",
  },
];

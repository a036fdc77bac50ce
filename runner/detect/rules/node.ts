import type { DetectionRuleInput, StringFinding } from "../../../worker/contracts/detection.ts";
import { type Ecosystem, majorVersion, versionLess } from "../ecosystem.ts";
import { type AppView, recordAt, stringAt } from "../view.ts";

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
const ENTRY_FILES = ["server.js", "server.mjs", "index.js", "index.mjs", "app.js", "main.js"];

export const nodeEcosystem: Ecosystem = {
  id: "node",
  contentFiles: ["package.json", ".nvmrc", ".node-version", ".tool-versions", "angular.json"],
  detect(view) {
    const manifest = view.json("package.json");
    if (!manifest) return null;
    const dependencies = new Map<string, string>();
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
      for (const name of Object.keys(recordAt(manifest, field)).sort()) {
        dependencies.set(name, "package.json");
      }
    }
    const scripts = recordAt(manifest, "scripts");
    const typescript = dependencies.has("typescript") || view.has("tsconfig.json");
    return {
      language: view.finding(
        "Node.js",
        "definite",
        "package.json",
        typescript ? "package.json with TypeScript" : "package.json",
      ),
      dependencies,
      packageManager: packageManager(view, manifest),
      runtimeVersion: nodeVersion(view, manifest),
      deployable:
        typeof scripts.start === "string" ||
        Object.keys(recordAt(manifest, "dependencies")).length > 0 ||
        ENTRY_FILES.some((file) => view.has(file)),
      template: "node-server",
    };
  },
  commands(view, facts, framework) {
    const manifest = view.json("package.json") ?? {};
    const scripts = recordAt(manifest, "scripts");
    const manager = facts.packageManager?.value ?? "npm";
    const run = (script: string) =>
      manager === "npm" ? `npm run ${script}` : `${manager} run ${script}`;
    const scriptFinding = (script: string): StringFinding | null => {
      const body = scripts[script];
      return typeof body === "string"
        ? view.finding(run(script), "definite", "package.json", `scripts.${script}: ${body}`)
        : null;
    };
    const entry = view.first(...ENTRY_FILES);
    const main = stringAt(manifest, "main");
    const startCommand =
      scriptFinding("start") ??
      (main && view.has(main)
        ? view.finding(`node ${main}`, "definite", "package.json", `main: ${main}`)
        : entry
          ? view.finding(`node ${entry}`, "probable", entry, "entry file")
          : null);
    const buildCommand = scriptFinding("build");
    return {
      startCommand,
      buildCommand,
      outputDirectory:
        framework?.id === "angular" ? angularOutput(view) : framework?.outputDirectory,
    };
  },
};

function packageManager(view: AppView, manifest: Record<string, unknown>): StringFinding {
  const declared = stringAt(manifest, "packageManager");
  if (declared) {
    const name = declared.split("@")[0] ?? "npm";
    return view.finding(name, "definite", "package.json", `packageManager: ${declared}`);
  }
  for (const [file, manager] of LOCK_FILES) {
    if (view.has(file)) return view.finding(manager, "definite", file, "lock file");
  }
  return view.finding("npm", "probable", "package.json", "no lock file");
}

function nodeVersion(view: AppView, manifest: Record<string, unknown>): StringFinding {
  for (const file of [".nvmrc", ".node-version"]) {
    const text = view.text(file)?.trim();
    const major = text && !text.startsWith("lts") ? majorVersion(text) : null;
    if (major) return view.finding(major, "definite", file, text ?? "");
  }
  const asdf = view.text(".tool-versions")?.match(/^nodejs\s+(\S+)/m)?.[1];
  const asdfMajor = asdf ? majorVersion(asdf) : null;
  if (asdf && asdfMajor)
    return view.finding(asdfMajor, "definite", ".tool-versions", `nodejs ${asdf}`);
  const engines = stringAt(manifest, "engines", "node");
  const enginesMajor = engines ? majorVersion(engines) : null;
  if (engines && enginesMajor) {
    // A lower bound (">=18") accepts the current LTS, which gets security fixes longest.
    const floor = /^\s*>/.test(engines) && versionLess(enginesMajor, String(DEFAULT_NODE_MAJOR));
    const value = floor ? String(DEFAULT_NODE_MAJOR) : enginesMajor;
    return view.finding(value, "definite", "package.json", `engines.node: ${engines}`);
  }
  return view.finding(String(DEFAULT_NODE_MAJOR), "probable", "package.json", "default LTS");
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

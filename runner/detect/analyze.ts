import type {
  DetectionResult,
  DetectionRule,
  PortFinding,
  StringFinding,
} from "../../worker/contracts/detection.ts";
import type { Ecosystem, EcosystemCommands, EcosystemFacts } from "./ecosystem.ts";
import { EXPLICIT_FILES, type ExplicitConfig, explicitConfig } from "./explicit.ts";
import { matchRule, type RuleMatch } from "./match.ts";
import { ECOSYSTEMS } from "./rules/index.ts";
import { serverPort } from "./server-port.ts";
import { TOOL_VERSION_FILES } from "./tool-versions.ts";
import type { AppView } from "./view.ts";

const DOCKERFILES = ["Dockerfile", "Containerfile", "dockerfile"];
const DEFAULT_PORT = 8080;

/** Templates whose image serves built files with unprivileged nginx on the port. */
const STATIC_TEMPLATES = new Set(["static", "hugo", "node-static"]);
const STATIC_SERVER = 'nginx -g "daemon off;"';

/** Files (besides the ecosystems' own) whose contents the analysis reads. */
export const ANALYSIS_FILES = [...EXPLICIT_FILES, ...TOOL_VERSION_FILES, ...DOCKERFILES];

interface Detected {
  ecosystem: Ecosystem;
  facts: EcosystemFacts;
  matches: RuleMatch[];
}

/**
 * Everything detection concludes about one app folder, or null when nothing in it is
 * recognised. Pure: the same view and rules always give the same result.
 */
export function analyzeApp(
  view: AppView,
  rules: readonly DetectionRule[],
): Omit<DetectionResult, "candidates"> | null {
  const detected: Detected[] = [];
  for (const ecosystem of ECOSYSTEMS) {
    const facts = ecosystem.detect(view);
    if (!facts) continue;
    const matches = rules
      .filter((rule) => rule.ecosystem === ecosystem.id)
      .map((rule) => matchRule(rule, view, facts))
      .filter((match) => match !== null)
      .sort((a, b) => b.rule.priority - a.rule.priority || a.rule.id.localeCompare(b.rule.id));
    detected.push({ ecosystem, facts, matches });
  }
  const dockerfile = view.first(...DOCKERFILES);
  const explicit = explicitConfig(view);
  const primary = choosePrimary(detected, explicit);
  if (!primary && !dockerfile) return null;

  const others = detected.filter(
    (entry) => entry.ecosystem !== primary?.ecosystem && entry.ecosystem.id !== "static",
  );
  const framework = primary?.matches[0]?.rule ?? null;
  const commands = primary?.ecosystem.commands?.(view, primary.facts, framework) ?? {};
  const ruleFinding = (value: string | undefined, what: string): StringFinding | null =>
    value !== undefined && primary?.matches[0]
      ? {
          value,
          confidence: "probable",
          evidence: withSignal(primary.matches[0].finding, `${framework?.name} ${what}`),
        }
      : null;
  const definite = (finding: StringFinding | null | undefined) =>
    finding?.confidence === "definite" ? finding : null;
  const template = framework?.template ?? primary?.facts.template ?? null;
  const staticServer =
    template && STATIC_TEMPLATES.has(template) && !dockerfile
      ? {
          value: STATIC_SERVER,
          confidence: "probable" as const,
          evidence: withSignal(
            primary?.matches[0]?.finding ?? primary?.facts.language ?? null,
            "static files served by unprivileged nginx",
          ),
        }
      : null;
  const startCommand =
    explicit.startCommand ??
    staticServer ??
    definite(commands.startCommand) ??
    ruleFinding(framework?.startCommand, "start command") ??
    commands.startCommand ??
    null;

  return {
    path: view.base === "" ? "." : view.base,
    dockerfile: dockerfile ? { path: view.repoPath(dockerfile) } : null,
    languages: [primary, ...others].flatMap((entry) => (entry ? [entry.facts.language] : [])),
    frameworks: [primary, ...others].flatMap((entry) =>
      entry ? entry.matches.map((match) => match.finding) : [],
    ),
    packageManager: primary?.facts.packageManager ?? null,
    runtimeVersion: primary?.facts.runtimeVersion ?? null,
    buildCommand:
      explicit.buildCommand ??
      definite(commands.buildCommand) ??
      ruleFinding(framework?.buildCommand, "build command") ??
      commands.buildCommand ??
      null,
    startCommand,
    port:
      exposedPort(view, dockerfile) ??
      commandPort(startCommand, commands) ??
      portFinding(primary, framework, commands.port),
    healthPath:
      commands.healthPath ??
      ruleFinding(framework?.healthPath, "health path") ??
      (primary ? { value: "/", confidence: "probable", evidence: [] } : null),
    outputDirectory: commands.outputDirectory ?? framework?.outputDirectory ?? null,
    template:
      dockerfile || !template
        ? null
        : template.replace("{packageManager}", primary?.facts.packageManager?.value ?? ""),
  };
}

/** The languages of every ecosystem whose files are in the folder, deployable or not. */
export function detectedLanguages(view: AppView): StringFinding[] {
  return ECOSYSTEMS.flatMap((ecosystem) => {
    const facts = ecosystem.detect(view);
    return facts && ecosystem.id !== "static" ? [facts.language] : [];
  });
}

/**
 * The ecosystem that decides the build: the one a builder configuration names (explicit
 * wins), else the one with the most specific framework; among equals, the earlier in
 * ECOSYSTEMS. Tooling-only manifests never decide.
 */
function choosePrimary(detected: Detected[], explicit: ExplicitConfig): Detected | null {
  const named = detected.find((entry) => entry.ecosystem.id === explicit.ecosystem?.id);
  if (named && explicit.ecosystem) {
    return {
      ...named,
      facts: {
        ...named.facts,
        language: {
          ...named.facts.language,
          evidence: [...named.facts.language.evidence, explicit.ecosystem.evidence],
        },
      },
    };
  }
  const eligible = detected.filter((entry) => entry.facts.deployable || entry.matches.length > 0);
  // Manifests first; then a lone source file or start script; an index.html page last.
  const tier = (entry: Detected) =>
    !entry.facts.fallback ? 2 : entry.ecosystem.id === "static" ? 0 : 1;
  const top = Math.max(-1, ...eligible.map(tier));
  let best: Detected | null = null;
  for (const entry of eligible.filter((candidate) => tier(candidate) === top)) {
    const priority = entry.matches[0]?.rule.priority ?? 0;
    if (!best || priority > (best.matches[0]?.rule.priority ?? 0)) best = entry;
  }
  return best;
}

function withSignal(finding: StringFinding | null, signal: string) {
  const first = finding?.evidence[0];
  return first ? [{ file: first.file, signal }] : [];
}

/**
 * The port of the server the start command runs (gunicorn's 8000, Flask's dev server 5000 ...),
 * or the port the command sets. For a package script the script's own command is read.
 */
function commandPort(start: StringFinding | null, commands: EcosystemCommands): PortFinding | null {
  if (!start) return null;
  const command =
    start === commands.startCommand && commands.serverCommand
      ? commands.serverCommand
      : start.value;
  const found = serverPort(command);
  const file = start.evidence[0]?.file;
  if (!found || !file) return null;
  return {
    value: found.port,
    confidence: found.explicit ? start.confidence : "probable",
    evidence: [
      {
        file,
        signal: found.explicit
          ? `${found.server} listens on ${found.port} (${command})`
          : `${found.server} default port ${found.port}`,
      },
    ],
  };
}

function exposedPort(view: AppView, dockerfile: string | undefined): PortFinding | null {
  if (!dockerfile) return null;
  const port = view.text(dockerfile)?.match(/^\s*EXPOSE\s+(\d+)/im)?.[1];
  return port
    ? {
        value: Number(port),
        confidence: "definite",
        evidence: [view.evidence(dockerfile, `EXPOSE ${port}`)],
      }
    : null;
}

function portFinding(
  primary: Detected | null,
  framework: DetectionRule | null,
  ecosystemPort: number | undefined,
): PortFinding | null {
  if (!primary) return null;
  const match = primary.matches[0];
  if (framework?.port !== undefined && match) {
    return {
      value: framework.port,
      confidence: "probable",
      evidence: withSignal(match.finding, `${framework.name} default port`),
    };
  }
  const evidence = primary.facts.language.evidence.slice(0, 1).map((item) => ({
    file: item.file,
    signal: `${primary.facts.language.value} default port`,
  }));
  return {
    value: ecosystemPort ?? (primary.ecosystem.id === "node" ? 3000 : DEFAULT_PORT),
    confidence: "probable",
    evidence,
  };
}

import type {
  DetectionResult,
  DetectionRule,
  PortFinding,
  StringFinding,
} from "../../worker/contracts/detection.ts";
import type { Ecosystem, EcosystemFacts } from "./ecosystem.ts";
import { matchRule, type RuleMatch } from "./match.ts";
import { ECOSYSTEMS } from "./rules/index.ts";
import type { AppView } from "./view.ts";

const DOCKERFILES = ["Dockerfile", "Containerfile", "dockerfile"];
const DEFAULT_PORT = 8080;

/** Files (besides the ecosystems' own) whose contents the analysis reads. */
export const ANALYSIS_FILES = ["Procfile", ...DOCKERFILES];

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
  const primary = choosePrimary(detected);
  if (!primary && !dockerfile) return null;

  const others = detected.filter((entry) => entry !== primary && entry.ecosystem.id !== "static");
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
  const explicit = (finding: StringFinding | null | undefined) =>
    finding?.confidence === "definite" ? finding : null;

  const template = framework?.template ?? primary?.facts.template ?? null;
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
      explicit(commands.buildCommand) ??
      ruleFinding(framework?.buildCommand, "build command") ??
      commands.buildCommand ??
      null,
    startCommand:
      procfileWeb(view) ??
      explicit(commands.startCommand) ??
      ruleFinding(framework?.startCommand, "start command") ??
      commands.startCommand ??
      null,
    port: exposedPort(view, dockerfile) ?? portFinding(primary, framework, commands.port),
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

/**
 * The ecosystem that decides the build: the one with the most specific framework; among
 * equals, the earlier in ECOSYSTEMS. Tooling-only manifests never decide.
 */
function choosePrimary(detected: Detected[]): Detected | null {
  let best: Detected | null = null;
  for (const entry of detected) {
    if (!entry.facts.deployable && entry.matches.length === 0) continue;
    const priority = entry.matches[0]?.rule.priority ?? 0;
    if (!best || priority > (best.matches[0]?.rule.priority ?? 0)) best = entry;
  }
  return best;
}

function withSignal(finding: StringFinding, signal: string) {
  const first = finding.evidence[0];
  return first ? [{ file: first.file, signal }] : [];
}

/** A Procfile's `web:` process is what Heroku-style platforms run; the customer chose it. */
function procfileWeb(view: AppView): StringFinding | null {
  const command = view.text("Procfile")?.match(/^web:\s*(.+?)\s*$/m)?.[1];
  return command ? view.finding(command, "definite", "Procfile", "web process") : null;
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

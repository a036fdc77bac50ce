import type { DetectionRule, Evidence, StringFinding } from "../../worker/contracts/detection.ts";
import type { EcosystemFacts } from "./ecosystem.ts";
import type { AppView } from "./view.ts";

export interface RuleMatch {
  rule: DetectionRule;
  finding: StringFinding;
}

/** "*" stands for one path segment, or the rest of a name ("io.quarkus:*"). */
const globPattern = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);

/**
 * Matches one rule against an ecosystem's facts: declared dependencies make it `definite`,
 * marker files only `probable`. Returns null when neither is present.
 */
export function matchRule(
  rule: DetectionRule,
  view: AppView,
  facts: EcosystemFacts,
): RuleMatch | null {
  const evidence: Evidence[] = [];
  for (const dependency of rule.dependencies) {
    const pattern = globPattern(dependency);
    for (const [name, file] of facts.dependencies) {
      if (pattern.test(name)) evidence.push(view.evidence(file, `dependency ${name}`));
    }
  }
  if (evidence.length > 0) {
    return {
      rule,
      finding: { value: rule.name, confidence: "definite", evidence: dedupe(evidence) },
    };
  }
  for (const file of rule.files) {
    const pattern = globPattern(file);
    const found = view.files.find((path) => pattern.test(path));
    if (found) evidence.push(view.evidence(found, "file marker"));
  }
  return evidence.length > 0
    ? { rule, finding: { value: rule.name, confidence: "probable", evidence: dedupe(evidence) } }
    : null;
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((item) => {
    const key = `${item.file}\0${item.signal}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

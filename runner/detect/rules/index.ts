import { DetectionRule } from "../../../worker/contracts/detection.ts";
import type { Ecosystem } from "../ecosystem.ts";
import { cppEcosystem } from "./c-cpp.ts";
import { clojureEcosystem, clojureRules } from "./clojure.ts";
import { cobolEcosystem } from "./cobol.ts";
import { denoEcosystem, denoRules } from "./deno.ts";
import { dotnetEcosystem, dotnetRules } from "./dotnet.ts";
import { elixirEcosystem, elixirRules } from "./elixir.ts";
import { goEcosystem, goRules } from "./go.ts";
import { jvmEcosystem, jvmRules } from "./jvm.ts";
import {
  crystalEcosystem,
  dartEcosystem,
  gleamEcosystem,
  haskellEcosystem,
  nativeRules,
  swiftEcosystem,
  zigEcosystem,
} from "./native.ts";
import { nodeEcosystem, nodeRules } from "./node.ts";
import { phpEcosystem, phpRules } from "./php.ts";
import { pythonEcosystem, pythonRules } from "./python.ts";
import { rubyEcosystem, rubyRules } from "./ruby.ts";
import { rustEcosystem, rustRules } from "./rust.ts";
import { scalaEcosystem, scalaRules } from "./scala.ts";
import { schemeEcosystem } from "./scheme.ts";
import { shellEcosystem } from "./shell.ts";
import { staticEcosystem, staticRules } from "./static.ts";

/**
 * Every ecosystem, in the order that breaks ties between equally specific findings: server
 * languages before Node.js (whose package.json often only holds asset tooling next to a
 * backend), static files, then the start script and sources without a manifest last.
 */
export const ECOSYSTEMS: readonly Ecosystem[] = [
  pythonEcosystem,
  rubyEcosystem,
  phpEcosystem,
  goEcosystem,
  rustEcosystem,
  jvmEcosystem,
  scalaEcosystem,
  clojureEcosystem,
  dotnetEcosystem,
  elixirEcosystem,
  swiftEcosystem,
  dartEcosystem,
  zigEcosystem,
  crystalEcosystem,
  gleamEcosystem,
  haskellEcosystem,
  schemeEcosystem,
  cppEcosystem,
  denoEcosystem,
  nodeEcosystem,
  staticEcosystem,
  cobolEcosystem,
  shellEcosystem,
];

export const BUILTIN_RULES: readonly DetectionRule[] = [
  ...nodeRules,
  ...denoRules,
  ...pythonRules,
  ...rubyRules,
  ...phpRules,
  ...goRules,
  ...rustRules,
  ...jvmRules,
  ...scalaRules,
  ...clojureRules,
  ...dotnetRules,
  ...elixirRules,
  ...nativeRules,
  ...staticRules,
].map((rule) => DetectionRule.parse(rule));

/**
 * The built-in rules with the operator's (from `PlatformConfig.detectionRules`) applied: a rule
 * with a built-in id replaces it, any other is added. Invalid operator rules throw, naming the
 * rule, because they are a configuration error rather than something the customer can fix.
 */
export function resolveRules(operatorRules: readonly unknown[] = []): DetectionRule[] {
  const byId = new Map(BUILTIN_RULES.map((rule) => [rule.id, rule]));
  operatorRules.forEach((input, index) => {
    const parsed = DetectionRule.safeParse(input);
    if (!parsed.success) {
      throw new Error(`detectionRules[${index}] is invalid: ${parsed.error.message}`);
    }
    byId.set(parsed.data.id, parsed.data);
  });
  return [...byId.values()];
}

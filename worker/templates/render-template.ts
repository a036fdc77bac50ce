import { renderTemplate } from "../../runner/templates/render.ts";
import { templateVariables } from "../../runner/templates/variables.ts";
import type { DetectionResult } from "../contracts/index.ts";

/**
 * The runner's own substitution and variables (plain TypeScript, no Node), so what the edge
 * validates and previews is exactly what a build would generate.
 */
export function renderDockerfile(name: string, content: string, detection: DetectionResult) {
  const variables = templateVariables({ ...detection, template: name });
  const dockerfile = renderTemplate(name, content, variables).replace(/\n{3,}/g, "\n\n");
  return { variables, dockerfile };
}

/** `sha256:<12 hex>` of a template's text, as builds record it in `dockerfile.version`. */
export async function templateContentHash(content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(content));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `sha256:${hex.slice(0, 12)}`;
}

const finding = (value: string) => ({ value, confidence: "definite" as const, evidence: [] });

/** A Node app with every variable set: what a template must render against to be stored. */
export const SAMPLE_DETECTION: DetectionResult = {
  path: ".",
  dockerfile: null,
  languages: [finding("javascript")],
  frameworks: [],
  packageManager: finding("npm"),
  runtimeVersion: finding("22"),
  buildCommand: finding("npm run build"),
  startCommand: finding("npm start"),
  port: { value: 3000, confidence: "definite", evidence: [] },
  healthPath: null,
  outputDirectory: "dist",
  template: "node-server",
  candidates: [],
};

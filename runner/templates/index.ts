import { createHash } from "node:crypto";
import type { DetectionResult } from "../../worker/contracts/detection.ts";
import { DetectionError } from "../detect/errors.ts";
import { BUILTIN_TEMPLATES } from "./builtin/index.ts";
import { renderTemplate } from "./render.ts";
import { templateVariables } from "./variables.ts";

export { DetectionError } from "../detect/errors.ts";
export { BUILTIN_TEMPLATES } from "./builtin/index.ts";

export interface GenerateOptions {
  /** Operator templates by id (`PlatformConfig.templates`): they replace or add to the built-ins. */
  templates?: Readonly<Record<string, string>>;
}

export interface GeneratedDockerfile {
  templateId: string;
  /** A hash of the template's text: an operator's override or a new built-in is a new version. */
  templateVersion: string;
  /** The values rendered into the template. */
  variables: Record<string, string>;
  dockerfile: string;
}

/**
 * The Dockerfile for a repository without one, from the template detection chose. Call it
 * only when `result.dockerfile` is null: the repository's own Dockerfile always wins.
 */
export function generateDockerfile(
  result: DetectionResult,
  opts: GenerateOptions = {},
): GeneratedDockerfile {
  if (result.dockerfile) {
    throw new Error(
      `The repository has its own Dockerfile (${result.dockerfile.path}); build that instead.`,
    );
  }
  const templateId = result.template;
  if (!templateId) {
    throw new DetectionError(
      "unknown_stack",
      "Enclave found no template for this app. Add a Dockerfile to the repository.",
    );
  }
  const template = opts.templates?.[templateId] ?? BUILTIN_TEMPLATES[templateId];
  if (template === undefined) {
    throw new DetectionError(
      "invalid_template",
      `The platform has no Dockerfile template "${templateId}". Ask the operator to add it, or add a Dockerfile to the repository.`,
    );
  }
  const variables = templateVariables(result);
  const dockerfile = renderTemplate(templateId, template, variables).replace(/\n{3,}/g, "\n\n");
  const templateVersion = `sha256:${createHash("sha256").update(template).digest("hex").slice(0, 12)}`;
  return { templateId, templateVersion, variables, dockerfile };
}

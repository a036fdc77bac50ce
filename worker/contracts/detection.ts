import { z } from "zod";

/**
 * `definite`: backed by a dependency or lock file; `probable`: inferred from file markers.
 */
export const Confidence = z.enum(["definite", "probable"]);
export type Confidence = z.infer<typeof Confidence>;

/** Why a finding was made: the file (relative to the repository root) and what was seen in it. */
export const Evidence = z.object({ file: z.string(), signal: z.string() });
export type Evidence = z.infer<typeof Evidence>;

const finding = <T extends z.ZodType>(value: T) =>
  z.object({ value, confidence: Confidence, evidence: z.array(Evidence) });

export const StringFinding = finding(z.string());
export type StringFinding = z.infer<typeof StringFinding>;
export const PortFinding = finding(z.number().int().min(1).max(65535));
export type PortFinding = z.infer<typeof PortFinding>;

/** What the detect stage concluded about one service's source; stored on the deployment. */
export const DetectionResult = z.object({
  path: z.string(),
  dockerfile: z.object({ path: z.string() }).nullable(),
  languages: z.array(StringFinding),
  /** Most specific first: the first entry decides the template. */
  frameworks: z.array(StringFinding),
  packageManager: StringFinding.nullable(),
  runtimeVersion: StringFinding.nullable(),
  buildCommand: StringFinding.nullable(),
  startCommand: StringFinding.nullable(),
  port: PortFinding.nullable(),
  healthPath: StringFinding.nullable(),
  /**
   * Directory the build writes its output to: the static files templates serve, or the folder
   * JVM templates take the jar from.
   */
  outputDirectory: z.string().nullable().default(null),
  /** The Dockerfile template to generate from, when the repository has no Dockerfile. */
  template: z.string().nullable(),
  /** Apps found at the root of a workspace (monorepo), for the user to pick a `path`. */
  candidates: z.array(z.object({ path: z.string(), name: z.string() })).default([]),
});
export type DetectionResult = z.infer<typeof DetectionResult>;

/** Why detection failed; each code comes with a message the customer can act on. */
export const DetectionFailureCode = z.enum([
  "empty_repository",
  "unknown_stack",
  "workspace_root",
  "path_not_found",
  "ref_not_found",
  "private_repository",
  "repository_too_large",
  "source_timeout",
  "source_refused",
  "rate_limited",
  "source_unavailable",
  "invalid_template",
]);
export type DetectionFailureCode = z.infer<typeof DetectionFailureCode>;

/**
 * A framework detection rule: data, so an operator can add or override rules through
 * `PlatformConfig.detectionRules` without a code change. A rule matches `definite` when one of
 * `dependencies` is declared by the ecosystem's manifests or lock files, `probable` when one of
 * `files` exists (a path relative to the app folder; `*` stands for one path segment, and
 * `group:*` in `dependencies` for any artifact of a group).
 * A rule whose `id` equals a built-in rule replaces it; higher `priority` wins when several match.
 */
export const DetectionRule = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1).max(100),
  ecosystem: z.string().regex(/^[a-z0-9-]+$/),
  dependencies: z.array(z.string().min(1)).default([]),
  files: z.array(z.string().min(1)).default([]),
  priority: z.number().int().default(0),
  /** Template id; "{packageManager}" is replaced by the detected one ("java-{packageManager}"). */
  template: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*(\{packageManager\})?$/)
    .optional(),
  port: z.number().int().min(1).max(65535).optional(),
  buildCommand: z.string().max(1000).optional(),
  startCommand: z.string().max(1000).optional(),
  healthPath: z.string().startsWith("/").optional(),
  outputDirectory: z.string().max(255).optional(),
});
export type DetectionRule = z.infer<typeof DetectionRule>;
export type DetectionRuleInput = z.input<typeof DetectionRule>;

import { z } from "zod";

/**
 * `definite`: backed by a dependency or lock file; `probable`: inferred from file markers.
 */
export const Confidence = z.enum(["definite", "probable"]);
export type Confidence = z.infer<typeof Confidence>;

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
  frameworks: z.array(StringFinding),
  packageManager: StringFinding.nullable(),
  runtimeVersion: StringFinding.nullable(),
  buildCommand: StringFinding.nullable(),
  startCommand: StringFinding.nullable(),
  port: PortFinding.nullable(),
  healthPath: StringFinding.nullable(),
  /** The Dockerfile template to generate from, when the repository has no Dockerfile. */
  template: z.string().nullable(),
  /** Apps found at the root of a workspace (monorepo), for the user to pick a `path`. */
  candidates: z.array(z.object({ path: z.string(), name: z.string() })).default([]),
});
export type DetectionResult = z.infer<typeof DetectionResult>;

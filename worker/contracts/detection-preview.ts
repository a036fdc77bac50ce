import { z } from "zod";
import { DetectionFailureCode, DetectionResult } from "./detection.ts";
import { GithubSource, GitSource } from "./source.ts";

/**
 * The `type` claim of the token on the runner's POST /v1/detections. Job tokens carry the job's
 * type, so neither kind of token passes for the other.
 */
export const DETECTION_TOKEN_TYPE = "detection";

/** At most this many services per tenant (a create request), so at most this many previews. */
export const MAX_TENANT_SERVICES = 20;

/** The longest detection budget the runner accepts for one preview request. */
export const MAX_DETECTION_PREVIEW_SECONDS = 60;

/**
 * What the edge asks the runner to preview: the repository sources of a create request, the
 * operator's detection rules (so the preview matches what the deployment will detect) and the
 * time the whole request may take.
 */
export const DetectionPreviewRequest = z
  .object({
    sources: z
      .array(z.discriminatedUnion("type", [GitSource, GithubSource]))
      .min(1)
      .max(MAX_TENANT_SERVICES),
    detectionRules: z.array(z.record(z.string(), z.unknown())).default([]),
    timeoutSeconds: z.number().int().min(1).max(MAX_DETECTION_PREVIEW_SECONDS),
  })
  .strict();
export type DetectionPreviewRequest = z.infer<typeof DetectionPreviewRequest>;

/** What detection concluded about one source, or why it could not conclude. */
export const DetectionOutcome = z.discriminatedUnion("status", [
  z.object({ status: z.literal("detected"), detection: DetectionResult }),
  z.object({
    status: z.literal("failed"),
    code: DetectionFailureCode,
    message: z.string(),
    /** The apps of a workspace to choose a `path` from, when `code` is `workspace_root`. */
    candidates: z.array(z.object({ path: z.string(), name: z.string() })).default([]),
  }),
]);
export type DetectionOutcome = z.infer<typeof DetectionOutcome>;

/** The runner's answer: one outcome per requested source, in the request's order. */
export const DetectionPreviewAnswer = z.object({ results: z.array(DetectionOutcome) });
export type DetectionPreviewAnswer = z.infer<typeof DetectionPreviewAnswer>;

/** A service's preview on the dry run: the runner's outcome, or why there is none. */
export const DetectionPreview = z.discriminatedUnion("status", [
  ...DetectionOutcome.options,
  z.object({ status: z.literal("unavailable"), message: z.string() }),
]);
export type DetectionPreview = z.infer<typeof DetectionPreview>;

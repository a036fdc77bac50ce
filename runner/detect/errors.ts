import type { DetectionFailureCode, StringFinding } from "../../worker/contracts/detection.ts";

/**
 * A detect/generate failure the customer can act on: `message` says what to change (a ref,
 * a path, a token, a Dockerfile), so the pipeline can show it as is in the failed event.
 */
export class DetectionError extends Error {
  readonly code: DetectionFailureCode;
  /** Workspace apps to choose from, when `code` is `workspace_root`. */
  readonly candidates: { path: string; name: string }[];
  /** The languages seen at the root, when `code` is `workspace_root`. */
  readonly languages: StringFinding[];

  constructor(
    code: DetectionFailureCode,
    message: string,
    options?: {
      cause?: unknown;
      candidates?: { path: string; name: string }[];
      languages?: StringFinding[];
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DetectionError";
    this.code = code;
    this.candidates = options?.candidates ?? [];
    this.languages = options?.languages ?? [];
  }
}

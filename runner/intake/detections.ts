import type { Handler } from "hono";
import { DetectionPreviewRequest } from "../../worker/contracts/index.ts";
import type { DetectionPreviewer } from "../analysis/preview-detections.ts";
import type { Logger } from "../log/logger.ts";
import { bearerToken, JobTokenError, verifyDetectionToken } from "./auth.ts";
import { type IntakeEnv, problem } from "./problem.ts";

/**
 * POST /v1/detections: what detection makes of a create request's sources before anything is
 * created (the dry run's preview). Needs a detection token from the edge; answers one outcome
 * per source, in order. A source that cannot be detected is an outcome, not an error.
 */
export function detectionsHandler(options: {
  jobTokenSecret: string;
  previewer: DetectionPreviewer;
  logger: Logger;
  draining: () => boolean;
}): Handler<IntakeEnv> {
  return async (c) => {
    if (options.draining()) return problem(c, "queue_unavailable", "the runner is shutting down");
    const token = bearerToken(c.req.header("authorization"));
    if (!token) return problem(c, "unauthenticated", "a detection token is required");
    let organization: string;
    try {
      organization = await verifyDetectionToken(options.jobTokenSecret, token);
    } catch (error) {
      if (!(error instanceof JobTokenError)) throw error;
      options.logger.warn({ reason: error.message }, "detection token refused");
      return problem(c, "unauthenticated", "the detection token is not valid");
    }
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return problem(c, "malformed_body", "the body is not JSON");
    }
    const parsed = DetectionPreviewRequest.safeParse(json);
    if (!parsed.success) {
      return problem(c, "validation_failed", "the body is not a detection request");
    }
    const started = performance.now();
    const results = await options.previewer.preview(parsed.data, c.req.raw.signal);
    options.logger.info(
      {
        organizationId: organization,
        sources: results.length,
        outcomes: results.map((result) => (result.status === "failed" ? result.code : "detected")),
        durationMs: Math.round(performance.now() - started),
      },
      "detection previewed",
    );
    return c.json({ results }, 200);
  };
}

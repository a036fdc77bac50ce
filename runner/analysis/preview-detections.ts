import pLimit from "p-limit";
import {
  type DetectionOutcome,
  type DetectionPreviewRequest,
  defaultPlatformConfig,
} from "../../worker/contracts/index.ts";
import { DetectionError } from "../detect/errors.ts";
import { describeError, type Logger } from "../log/logger.ts";
import type { RepositorySource, SourceAnalyzer } from "../pipeline/stages/detect.ts";

export interface DetectionPreviewer {
  /** One outcome per source, in order; never throws for a source that cannot be detected. */
  preview(request: DetectionPreviewRequest, signal: AbortSignal): Promise<DetectionOutcome[]>;
}

/** Resolves with `work`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Detection ahead of a deployment, for the create dry run: each source is opened and read by
 * the same analyzer as the detect stage (so `live` mode refuses what the pipeline refuses),
 * under its own small concurrency limit so a burst of previews leaves the job slots alone.
 * The request's deadline (or the edge going away) ends the wait; an analysis already running
 * keeps its slot until it stops, so the limit holds for work that is really in progress.
 */
export function detectionPreviewer(options: {
  analyzer: SourceAnalyzer;
  concurrency: number;
  logger: Logger;
}): DetectionPreviewer {
  const limit = pLimit(options.concurrency);
  return {
    preview: async (request, signal) => {
      const deadline = AbortSignal.any([
        signal,
        AbortSignal.timeout(request.timeoutSeconds * 1000),
      ]);
      const config = { ...defaultPlatformConfig(), detectionRules: request.detectionRules };
      const outcome = async (source: RepositorySource): Promise<DetectionOutcome> => {
        try {
          const analysis = await untilAborted(
            limit(() => options.analyzer.analyze(source, config, deadline)),
            deadline,
          );
          return { status: "detected", detection: analysis.detection };
        } catch (error) {
          return failure(error, request.timeoutSeconds, deadline, options.logger);
        }
      };
      return Promise.all(request.sources.map(outcome));
    },
  };
}

function failure(
  error: unknown,
  timeoutSeconds: number,
  deadline: AbortSignal,
  logger: Logger,
): DetectionOutcome {
  if (error instanceof DetectionError) {
    return {
      status: "failed",
      code: error.code,
      message: error.message,
      candidates: error.candidates,
    };
  }
  if (deadline.aborted) {
    return {
      status: "failed",
      code: "source_timeout",
      message: `Reading the source took longer than the preview's ${timeoutSeconds} s. The deployment reads it again with its own, longer limits.`,
      candidates: [],
    };
  }
  logger.error(describeError(error), "detection preview failed");
  return {
    status: "failed",
    code: "source_unavailable",
    message: "The source could not be read for the preview. The deployment reads it again.",
    candidates: [],
  };
}

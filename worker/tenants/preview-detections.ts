import {
  type DetectionPreview,
  DetectionPreviewAnswer,
  type DetectionPreviewRequest,
  type PlatformConfig,
  type ServiceSource,
} from "../contracts/index.ts";
import type { Env } from "../env.ts";
import type { Logger } from "../lib/logger.ts";
import { signDetectionToken } from "../tokens/detection-token.ts";

/** Beyond the runner's own deadline, for the round trip and the runner's answer. */
const ANSWER_MARGIN_SECONDS = 5;

type RepositorySource = DetectionPreviewRequest["sources"][number];

const isRepository = (source: ServiceSource): source is RepositorySource => source.type !== "image";

async function askRunner(
  env: Env,
  organizationId: string,
  request: DetectionPreviewRequest,
  signal: AbortSignal,
): Promise<DetectionPreview[] | string> {
  const token = await signDetectionToken(env.JOB_TOKEN_SECRET, organizationId);
  let res: Response;
  try {
    res = await fetch(new URL("/v1/detections", env.RUNNER_URL), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(request),
      signal: AbortSignal.any([
        signal,
        AbortSignal.timeout((request.timeoutSeconds + ANSWER_MARGIN_SECONDS) * 1000),
      ]),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return timedOut ? "the runner did not answer in time" : "the runner could not be reached";
  }
  if (!res.ok) {
    await res.body?.cancel();
    return `the runner answered ${res.status}`;
  }
  const parsed = DetectionPreviewAnswer.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success || parsed.data.results.length !== request.sources.length) {
    return "the runner's answer was not a detection preview";
  }
  return parsed.data.results;
}

/**
 * What detection makes of each service's source before anything is created, asked of the
 * runner (the side that can read sources): one preview per service, null for an image. The
 * preview is advice, so a runner that is down or slow gives `unavailable`, never an error.
 */
export async function previewDetections(
  { env, logger }: { env: Env; logger: Logger },
  organizationId: string,
  config: PlatformConfig,
  sources: ServiceSource[],
  signal: AbortSignal,
): Promise<(DetectionPreview | null)[]> {
  const repositories = sources.filter(isRepository);
  if (repositories.length === 0) return sources.map(() => null);
  const answer = await askRunner(
    env,
    organizationId,
    {
      sources: repositories,
      detectionRules: config.detectionRules,
      timeoutSeconds: config.timeouts.detectionPreviewSeconds,
    },
    signal,
  );
  if (typeof answer === "string") {
    logger.warn("detection preview unavailable", { reason: answer });
  }
  let next = 0;
  return sources.map((source) => {
    if (!isRepository(source)) return null;
    if (typeof answer === "string") {
      return {
        status: "unavailable",
        message: `No preview: ${answer}. The source is detected when the deployment runs.`,
      };
    }
    const preview = answer[next] as DetectionPreview;
    next += 1;
    return preview;
  });
}

import type {
  DetectionResult,
  PlatformConfig,
  ServiceSource,
  SpecService,
} from "../../../worker/contracts/index.ts";
import type { SourceCredentials } from "../../sources/source-credentials.ts";
import { sourceCredentials } from "../../sources/source-credentials.ts";
import type { GeneratedDockerfile } from "../../templates/index.ts";
import type { JobContext } from "../context.ts";
import { runStage } from "../stage.ts";

export type RepositorySource = Exclude<ServiceSource, { type: "image" }>;

export interface Analysis {
  detection: DetectionResult;
  /** The repository's own Dockerfile at `detection.dockerfile.path`, when it has one. */
  repositoryDockerfile: string | null;
  /** The commit that was read, resolved once from the ref: the build uses the same one. */
  revision: string;
}

/**
 * The detection engineer's side of the pipeline, behind one interface so the stages do not
 * depend on how sources are opened or templates rendered. Errors that the customer can act on
 * are `DetectionError`s (runner/detect/errors.ts); their message is shown as is.
 */
export interface SourceAnalyzer {
  analyze(
    source: RepositorySource,
    config: PlatformConfig,
    signal: AbortSignal,
    credentials?: SourceCredentials,
  ): Promise<Analysis>;
  generate(detection: DetectionResult, config: PlatformConfig): GeneratedDockerfile;
}

/** The services Enclave builds from source (the others name an image). */
export function repositoryServices(ctx: JobContext) {
  return ctx.spec.services.filter(
    (service): service is SpecService & { source: RepositorySource } =>
      service.source.type !== "image",
  );
}

/** Reads each repository and records what it is; the repository's own Dockerfile wins later. */
export function detectStage(ctx: JobContext): Promise<Map<string, Analysis>> {
  const services = repositoryServices(ctx);
  return runStage(
    ctx,
    "detect",
    `inspecting ${services.map((s) => s.name).join(", ")}`,
    async () => {
      const analyses = new Map<string, Analysis>();
      await Promise.all(
        services.map(async (service) => {
          const analysis = await ctx.deps.analyzer.analyze(
            service.source,
            ctx.spec.config,
            ctx.signal,
            sourceCredentials(ctx.spec.credentials, service.source),
          );
          analyses.set(service.name, analysis);
          const { detection } = analysis;
          const stack = [...detection.frameworks, ...detection.languages].map((f) => f.value);
          ctx.log(
            "detect",
            `${service.name} at ${analysis.revision}: ${detection.dockerfile ? `Dockerfile at ${detection.dockerfile.path}` : stack.join(", ") || "unknown stack"}`,
          );
        }),
      );
      return {
        result: analyses,
        summary: `detected ${services.length} source(s)`,
        data: {
          detections: Object.fromEntries(
            [...analyses].map(([name, analysis]) => [name, analysis.detection]),
          ),
          revisions: Object.fromEntries(
            [...analyses].map(([name, analysis]) => [name, analysis.revision]),
          ),
        },
      };
    },
  );
}

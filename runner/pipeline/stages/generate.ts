import type { JobContext } from "../context.ts";
import { runStage } from "../stage.ts";
import type { Analysis } from "./detect.ts";

/** Settles each service's Dockerfile: the repository's own, or one generated from a template. */
export function generateStage(ctx: JobContext, analyses: Map<string, Analysis>): Promise<void> {
  return runStage(ctx, "generate", "preparing Dockerfiles", async () => {
    const generated: Record<string, string> = {};
    for (const [name, analysis] of analyses) {
      const read = {
        revision: analysis.revision,
        path: analysis.detection.path,
        detection: analysis.detection,
      };
      if (analysis.repositoryDockerfile !== null) {
        ctx.builds.set(name, {
          ...read,
          dockerfile: analysis.repositoryDockerfile,
          template: null,
        });
        ctx.log("generate", `${name}: using the repository's Dockerfile`);
        continue;
      }
      const { templateId, templateVersion, variables, dockerfile } = ctx.deps.analyzer.generate(
        analysis.detection,
        ctx.spec.config,
      );
      ctx.builds.set(name, {
        ...read,
        dockerfile,
        template: { name: templateId, version: templateVersion, variables },
      });
      generated[name] = templateId;
      ctx.log("generate", `${name}: generated from template ${templateId}`);
    }
    const count = Object.keys(generated).length;
    return {
      result: undefined,
      summary:
        count === 0
          ? "every repository has its own Dockerfile"
          : `generated ${count} Dockerfile(s)`,
      data: { templates: generated },
    };
  });
}

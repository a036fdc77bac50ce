import { tmpdir } from "node:os";
import { detect } from "../detect/index.ts";
import type { Analysis, SourceAnalyzer } from "../pipeline/stages/detect.ts";
import { openSource } from "../sources/index.ts";
import { generateDockerfile } from "../templates/index.ts";

/**
 * What the detect and generate stages run on (they depend only on the SourceAnalyzer interface): the source opened by `runner/sources` (the GitHub API for
 * `github` sources, a shallow clone under `workDir` for git URLs, a local folder in place in
 * local mode), read by the detector and, without a Dockerfile, rendered from a template.
 * `live` mode refuses file URLs, local paths and private-network hosts.
 */
export const detectAndGenerate = (
  workDir: string = tmpdir(),
  mode: "local" | "live" = "live",
): SourceAnalyzer => ({
  analyze: async (source, config, signal, credentials): Promise<Analysis> => {
    signal.throwIfAborted();
    const repository = await openSource(source, { mode, workDir, credentials });
    try {
      const detection = await detect(repository, {
        path: source.path,
        rules: config.detectionRules,
      });
      const repositoryDockerfile = detection.dockerfile
        ? await repository.read(detection.dockerfile.path)
        : null;
      return { detection, repositoryDockerfile, revision: repository.revision };
    } finally {
      await repository.close();
    }
  },
  generate: (detection, config) => generateDockerfile(detection, { templates: config.templates }),
});

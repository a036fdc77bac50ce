import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DetectionError } from "../../detect/errors.ts";
import { detect } from "../../detect/index.ts";
import { checkoutOf } from "../../manifests/build.ts";
import { directorySnapshot } from "../../sources/directory.ts";
import { generateDockerfile } from "../../templates/index.ts";
import type { Analysis, RepositorySource, SourceAnalyzer } from "./detect.ts";

const run = promisify(execFile);
/** A shallow clone of one ref is all detection needs. */
const CLONE_TIMEOUT_MS = 120_000;

/** Clones the source into a temporary directory, hands it to `use`, then removes it. */
async function withCheckout<T>(
  source: RepositorySource,
  workDir: string,
  signal: AbortSignal,
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const checkout = checkoutOf(source);
  if (!checkout) throw new Error("not a repository source");
  await mkdir(workDir, { recursive: true });
  const dir = await mkdtemp(join(workDir, "enclave-source-"));
  try {
    try {
      await run(
        "git",
        [
          "clone",
          "--quiet",
          "--depth=1",
          `--branch=${checkout.ref}`,
          "--",
          checkout.url,
          join(dir, "src"),
        ],
        { signal, timeout: CLONE_TIMEOUT_MS, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } },
      );
    } catch (error) {
      throw new DetectionError(
        "source_unavailable",
        `The repository ${checkout.url} (ref ${checkout.ref}) could not be cloned. Check the URL, the ref and access rights.`,
        { cause: error },
      );
    }
    return await use(join(dir, "src"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The analyzer the runner uses: a shallow clone (under `workDir`) read through the detection
 * engineer's snapshot, detector and Dockerfile templates.
 */
export const repositoryAnalyzer = (workDir: string = tmpdir()): SourceAnalyzer => ({
  analyze: (source, config, signal) =>
    withCheckout(source, workDir, signal, async (dir): Promise<Analysis> => {
      const snapshot = directorySnapshot(dir);
      const detection = await detect(snapshot, { path: source.path, rules: config.detectionRules });
      const repositoryDockerfile = detection.dockerfile
        ? await snapshot.read(detection.dockerfile.path)
        : null;
      return { detection, repositoryDockerfile };
    }),
  generate: (detection, config) => generateDockerfile(detection, { templates: config.templates }),
});

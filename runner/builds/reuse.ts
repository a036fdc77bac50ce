import type { EarlierBuild } from "../../worker/contracts/index.ts";
import type { JobContext } from "../pipeline/context.ts";
import { errorMessage } from "../pipeline/stage.ts";
import type { RegistryClient } from "../registry/client.ts";

/**
 * The tenant's earlier build with the same key, when the registry still has its image: a
 * manifest deleted since (cleanup after a failed first deployment, an operator, garbage
 * collection) means building again. Without the registry's API nothing can be confirmed, so
 * nothing is reused. Each outcome is a log line naming the earlier deployment.
 */
export async function reusableBuild(
  ctx: JobContext,
  service: string,
  key: string,
  registry: { client: RegistryClient | undefined; repository: string },
): Promise<EarlierBuild | null> {
  const earlier = ctx.spec.earlierBuilds.find((build) => build.key === key);
  if (!earlier) return null;
  const { client, repository } = registry;
  const from = `the build of ${earlier.deploymentId}`;
  if (!client) {
    ctx.log(
      "build",
      `${service}: ${from} has the same inputs, but without the registry's API (cluster.registryApiUrl) its image cannot be confirmed; building again`,
    );
    return null;
  }
  try {
    if (!(await client.resolveDigest(repository, earlier.digest))) {
      ctx.log(
        "build",
        `${service}: the image of ${from} is gone from the registry; building again`,
      );
      return null;
    }
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    ctx.log(
      "build",
      `${service}: the registry could not confirm the image of ${from} (${errorMessage(error)}); building again`,
    );
    return null;
  }
  ctx.log("build", `${service}: reused ${from} (${earlier.digest})`);
  return earlier;
}

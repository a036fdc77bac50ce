import { cacheRepositoryName, repositoryName } from "../manifests/build.ts";
import { RegistryClient } from "../registry/client.ts";
import { deleteRepositoryImages } from "../registry/purge.ts";
import type { JobContext } from "./context.ts";
import { errorMessage } from "./stage.ts";

const NOT_CONFIGURED =
  "image cleanup is not configured (cluster.registryApiUrl is empty), so the registry keeps";

/** A client of `cluster.registryApiUrl`; undefined when the operator did not configure it. */
export function registryClient(ctx: JobContext): RegistryClient | undefined {
  const url = ctx.spec.config.cluster.registryApiUrl;
  if (!url) return undefined;
  // Image cleanup runs after a cancellation too: only the runner's shutdown interrupts it.
  return new RegistryClient({
    url,
    credentials: ctx.deps.registryCredentials,
    signal: ctx.shutdown,
  });
}

/**
 * Deletes every image of every service of the tenant and its layer cache, logging the count of
 * each; returns the summary for the stage. Services are never removed from a tenant, so the spec names every
 * repository its builds pushed to (under the current `cluster.registry`).
 */
export async function removeTenantImages(
  ctx: JobContext,
  log: (message: string) => void,
): Promise<{ summary: string; removed: number }> {
  const client = registryClient(ctx);
  const repositories = ctx.spec.services.map((service) => repositoryName(ctx.spec, service));
  const cache = cacheRepositoryName(ctx.spec);
  if (!client) {
    log(`${NOT_CONFIGURED} the images of ${repositories.join(", ")} and the layer cache ${cache}`);
    return { summary: "image cleanup is not configured", removed: 0 };
  }
  try {
    await client.ping().catch((error: unknown) => {
      throw new Error(`the registry at ${client.url} is unusable: ${errorMessage(error)}`, {
        cause: error,
      });
    });
    let total = 0;
    for (const [index, service] of ctx.spec.services.entries()) {
      const name = repositories[index] ?? "";
      const removed = await deleteRepositoryImages(client, name).catch((error: unknown) => {
        throw new Error(`deleting the images of ${service.name}: ${errorMessage(error)}`, {
          cause: error,
        });
      });
      log(`${service.name}: ${removed} image(s) deleted from ${client.url}/${name}`);
      total += removed;
    }
    const cached = await deleteRepositoryImages(client, cache).catch((error: unknown) => {
      throw new Error(`deleting the layer cache: ${errorMessage(error)}`, { cause: error });
    });
    log(`layer cache: ${cached} image(s) deleted from ${client.url}/${cache}`);
    return {
      summary: `${total} image(s) and ${cached} layer cache image(s) deleted from the registry`,
      removed: total + cached,
    };
  } finally {
    await client.close();
  }
}

/**
 * Deletes, by digest, the images this deployment built. Only for a tenant that never became
 * ready: nothing of it runs, so no running pod can need a manifest that a rebuild of the same
 * source gave the same digest.
 */
export async function removeBuiltImages(
  ctx: JobContext,
  log: (message: string) => void,
): Promise<void> {
  // A reused image belongs to the deployment that built it.
  const built = [...ctx.buildRecords]
    .filter(([, record]) => record.reusedFrom === null)
    .map(([service, record]) => ({
      name: repositoryName(ctx.spec, { name: service }),
      digest: record.digest,
    }));
  if (built.length === 0) return;
  const client = registryClient(ctx);
  if (!client) {
    log(`${NOT_CONFIGURED} the ${built.length} image(s) this deployment pushed`);
    return;
  }
  try {
    let removed = 0;
    for (const { name, digest } of built) {
      if (await client.deleteManifest(name, digest)) removed++;
    }
    log(`deleted ${removed} image(s) this deployment pushed`);
  } finally {
    await client.close();
  }
}

import type { RegistryClient } from "./client.ts";

/**
 * Deletes every manifest the repository's tags name, each digest once (several tags may name
 * one manifest, and deleting it removes them all). Returns how many this call deleted: a
 * manifest another client removed in between is not counted.
 */
export async function deleteRepositoryImages(
  client: RegistryClient,
  name: string,
): Promise<number> {
  const digests = new Set<string>();
  for (const tag of await client.listTags(name)) {
    const digest = await client.resolveDigest(name, tag);
    if (digest) digests.add(digest);
  }
  let removed = 0;
  for (const digest of digests) {
    if (await client.deleteManifest(name, digest)) removed++;
  }
  return removed;
}

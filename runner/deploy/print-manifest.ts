/**
 * `npm run runner:manifest -- --image <ref> --edge-url <url> [--replicas N]`: prints the
 * runner's installation as multi-document YAML for `kubectl apply -f -`. The Secret with the
 * runner's token secrets is not part of it: the operator creates it (see README).
 */
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { z } from "zod";
import { defaultPlatformConfig } from "../../worker/contracts/index.ts";
import { EXIT_USAGE, integerFlag, noPositionals, parse, UsageError } from "../cli/args.ts";
import type { KubeObject, Named } from "../kube/objects.ts";
import { runnerInstallManifests } from "../manifests/runner-install.ts";
import { validateObject } from "../manifests/validate.ts";

const USAGE =
  "usage: npm run runner:manifest -- --image <image reference> --edge-url <url> [--replicas N]";

const EdgeUrl = z.url({ protocol: /^https?$/ });

/** The installation for a command line; throws UsageError on a wrong one. */
export function manifestsFor(args: string[]): Named<KubeObject>[] {
  const { values, positionals } = parse(
    args,
    {
      image: { type: "string" },
      "edge-url": { type: "string" },
      replicas: { type: "string" },
    },
    USAGE,
  );
  noPositionals(positionals, USAGE);
  // No default: an image reference that only looks real would fail later, in the cluster.
  if (!values.image) throw new UsageError("--image is required", USAGE);
  const edgeUrl = values["edge-url"];
  if (!edgeUrl || !EdgeUrl.safeParse(edgeUrl).success) {
    throw new UsageError("--edge-url must be the edge Worker's http(s) URL", USAGE);
  }
  const manifests = runnerInstallManifests({
    image: values.image,
    edgeUrl,
    replicas: integerFlag(values.replicas, "replicas", USAGE, { min: 1, max: 100 }) ?? 1,
    cluster: defaultPlatformConfig().cluster,
  });
  for (const manifest of manifests) validateObject(manifest);
  return manifests;
}

export const toYaml = (manifests: Named<KubeObject>[]) =>
  manifests.map((manifest) => stringify(manifest, { aliasDuplicateObjects: false })).join("---\n");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    if (args.includes("--help") || args.includes("-h")) process.stdout.write(`${USAGE}\n`);
    else process.stdout.write(toYaml(manifestsFor(args)));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${error.usage ?? ""}\n`);
    process.exitCode = EXIT_USAGE;
  }
}

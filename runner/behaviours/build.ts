import { createHash } from "node:crypto";
import type { ContainerBehaviour } from "../cluster/index.ts";

/**
 * The embedded cluster's stand-in for Buildah: it prints a build log and reports a digest
 * derived from the source and the Dockerfile, so the same input always yields the same image.
 */
export const simulatedBuildah: ContainerBehaviour = (_pod, _container, context) => {
  const {
    IMAGE = "",
    SOURCE_URL = "",
    SOURCE_REF = "",
    CONTEXT_PATH = ".",
    DOCKERFILE_SHA256 = "",
  } = context.env;
  const digest = createHash("sha256")
    .update([SOURCE_URL, SOURCE_REF, CONTEXT_PATH, DOCKERFILE_SHA256].join("\n"))
    .digest("hex");
  return {
    logs: [
      `STEP 1/3: building ${SOURCE_URL}#${SOURCE_REF} (${CONTEXT_PATH})`,
      `STEP 2/3: Dockerfile sha256:${DOCKERFILE_SHA256.slice(0, 12)}`,
      `STEP 3/3: COMMIT ${IMAGE}`,
      `Writing manifest to image destination`,
      `sha256:${digest}`,
    ],
    exit: { code: 0, terminationMessage: `sha256:${digest}` },
  };
};

export const simulatedGitClone: ContainerBehaviour = (_pod, container) => ({
  logs: [`Cloning into '${String((container.args as unknown[] | undefined)?.at(-1) ?? "src")}'...`],
  exit: { code: 0 },
});

import { createHash } from "node:crypto";
import type { ContainerBehaviour } from "../cluster/index.ts";

/**
 * The embedded cluster's stand-in for Buildah: no image is built; it prints a log saying so
 * and reports a digest derived from everything the build is given (the image it would push,
 * which names the tenant, service and deployment, the source, the context and the Dockerfile),
 * so two different builds never share a digest and a retried build reports the same one.
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
    .update([IMAGE, SOURCE_URL, SOURCE_REF, CONTEXT_PATH, DOCKERFILE_SHA256].join("\n"))
    .digest("hex");
  return {
    logs: [
      "simulated build (embedded cluster): no image is built; the digest is derived from the build's input",
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

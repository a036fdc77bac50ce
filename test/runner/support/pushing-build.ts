import { simulatedBuildah } from "../../../runner/behaviours/build.ts";
import type { ContainerBehaviour } from "../../../runner/cluster/index.ts";
import type { FakeRegistry } from "./fake-registry.ts";

/** The simulated Buildah that also pushes, to the fake registry, what it reports it built. */
export const pushingBuildah =
  (registry: FakeRegistry): ContainerBehaviour =>
  (pod, container, context) => {
    const plan = simulatedBuildah(pod, container, context);
    const [repository = "", tag = ""] = (context.env.IMAGE ?? "")
      .split("/")
      .slice(1)
      .join("/")
      .split(":");
    registry.tag(repository, tag, plan.exit?.terminationMessage ?? "");
    return plan;
  };

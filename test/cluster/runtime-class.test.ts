import { describe, expect, it } from "vitest";
import { failure, harnessWithNamespace, restrictedPodSpec } from "./support.ts";

const h = harnessWithNamespace("tenant");

describe("RuntimeClass admission", () => {
  it("serves node.k8s.io/v1 RuntimeClass with the simulated node's gVisor class", async () => {
    const classes = (await h.objects.list("node.k8s.io/v1", "RuntimeClass")).items as {
      metadata?: { name?: string };
      handler?: string;
    }[];
    expect(classes.map((c) => [c.metadata?.name, c.handler])).toContainEqual(["gvisor", "runsc"]);
  });

  it("admits a pod whose runtime class exists", async () => {
    const pod = await h.core.createNamespacedPod({
      namespace: "tenant",
      body: {
        metadata: { name: "sandboxed" },
        spec: { ...restrictedPodSpec("busybox"), runtimeClassName: "gvisor" },
      },
    });
    expect(pod.spec?.runtimeClassName).toBe("gvisor");
  });

  it("refuses a pod naming a runtime class that does not exist, as kube-apiserver does", async () => {
    const refused = await failure(
      h.core.createNamespacedPod({
        namespace: "tenant",
        body: {
          metadata: { name: "kata" },
          spec: { ...restrictedPodSpec("busybox"), runtimeClassName: "kata" },
        },
      }),
    );
    expect(refused.code).toBe(403);
    expect(refused.message).toBe(
      'pods "kata" is forbidden: pod rejected: RuntimeClass "kata" not found',
    );
  });
});

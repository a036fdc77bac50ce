import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

describe("deprovision", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  it("removes the namespace and every build of the tenant, then reports the tenant deleted", async () => {
    const spec = deploymentSpec({
      services: [
        service({ source: { type: "git", url: "file:///srv/app.git", ref: "main", path: "." } }),
      ],
    });
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    const removal = {
      ...spec,
      deployment: { id: testId("dep"), attempt: 1, kind: "deprovision" as const },
    };
    const { events, terminal } = await harness.run(removal);
    expect(terminal?.type).toBe("deployment.deleted");
    expect(events.find((e) => e.type === "stage.completed")?.stage).toBe("deprovision");
    expect(
      await harness.kube.read({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: tenantNamespace(spec) },
      }),
    ).toBeNull();
    const builds = await harness.kube.list("batch/v1", "Job", spec.config.cluster.buildNamespace, {
      labelSelector: `enclave.dev/tenant=${spec.tenant.id}`,
    });
    expect(builds).toEqual([]);
  });

  it("is done when there is nothing left to remove", async () => {
    const spec = deploymentSpec();
    const { terminal } = await harness.run({
      ...spec,
      deployment: { ...spec.deployment, kind: "deprovision" },
    });
    expect(terminal?.type).toBe("deployment.deleted");
  });
});

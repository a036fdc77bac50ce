import type { IDeployment } from "kubernetes-models/apps/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec, ProgressEvent } from "../../worker/contracts/index.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const gitService = () =>
  service({ source: { type: "git", url: "file:///srv/repos/shop.git", ref: "main", path: "." } });

describe("cancelling a running deployment", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  /** The edge answers "cancelled" to every event batch once `when` has seen its event. */
  const runCancelledWhen = async (
    spec: DeploymentSpec,
    when: (event: ProgressEvent) => boolean,
  ) => {
    const post = harness.deps.postEvents;
    let cancelled = false;
    harness.deps.postEvents = async (id, batch) => {
      await post(id, batch);
      cancelled ||= batch.events.some(
        (event) => event.deploymentId === spec.deployment.id && when(event),
      );
      return { cancelled };
    };
    try {
      return await harness.run(spec);
    } finally {
      harness.deps.postEvents = post;
    }
  };

  const buildsOf = (spec: DeploymentSpec) =>
    harness.kube.list("batch/v1", "Job", "enclave-builds", {
      labelSelector: `enclave.dev/deployment=${spec.deployment.id}`,
    });

  it("stops a first provision during its build, deletes the build Job and cleans up", async () => {
    const spec = deploymentSpec({ database: null, services: [gitService()] });
    const { events, terminal } = await runCancelledWhen(
      spec,
      (event) => event.stage === "build" && event.type === "stage.started",
    );
    expect(terminal?.type).toBe("deployment.cancelled");
    expect(terminal?.message).toBe("The deployment was cancelled");
    expect(events.some((e) => e.stage === "deploy")).toBe(false);
    expect(await buildsOf(spec)).toEqual([]);
    const namespace = await harness.kube.read({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: tenantNamespace(spec) },
    });
    expect(namespace).toBeNull();
    const { values } = await harness.metrics.jobs.get();
    expect(values.find((v) => v.labels.outcome === "cancelled")?.value).toBeGreaterThan(0);
  });

  it("keeps a ready tenant's previous version serving when its redeploy is cancelled", async () => {
    const first = deploymentSpec({ database: null });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const redeploy: DeploymentSpec = {
      ...first,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      tenant: { ...first.tenant, wasReady: true },
      services: [service({ source: { type: "image", image: "ghcr.io/acme/web:2.0.0" } })],
    };
    const { events, terminal } = await runCancelledWhen(
      redeploy,
      (event) => event.stage === "deploy" && event.type === "stage.completed",
    );
    expect(terminal?.type).toBe("deployment.cancelled");
    expect(events.some((e) => e.type === "deployment.rolled_back")).toBe(true);
    const web = await harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: tenantNamespace(first) },
    });
    expect(web?.spec?.template.spec?.containers[0]?.image).toBe("ghcr.io/acme/web:1.0.0");
  });
});

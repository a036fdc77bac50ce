import type { IDeployment } from "kubernetes-models/apps/v1";
import type { ISecret } from "kubernetes-models/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";

const gitService = () =>
  service({ source: { type: "git", url: "file:///srv/repos/shop.git", ref: "main", path: "." } });

/** The next deployment of the same tenant, which has been ready since `first`. */
const next = (first: DeploymentSpec, overrides: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  ...first,
  deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
  tenant: { ...first.tenant, wasReady: true },
  ...overrides,
});

describe("rolling back", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start();
  });
  afterAll(() => harness.close());

  const web = async (spec: DeploymentSpec) =>
    harness.kube.read<IDeployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: tenantNamespace(spec) },
    });
  const imageOf = async (spec: DeploymentSpec) =>
    (await web(spec))?.spec?.template.spec?.containers[0]?.image;
  const buildJobs = async () =>
    (await harness.kube.list("batch/v1", "Job", "enclave-builds")).length;

  it("deploys an earlier deployment's recorded images again without building", async () => {
    const first = deploymentSpec({ database: null, services: [gitService()] });
    const built = await harness.run(first);
    expect(built.terminal?.type, built.terminal?.message).toBe("deployment.ready");
    const images =
      (built.terminal?.data as { images?: Record<string, string> } | undefined)?.images ?? {};
    expect(images.web).toMatch(/@sha256:[a-f0-9]{64}$/);

    const second = next(first, {
      services: [service({ source: { type: "image", image: "ghcr.io/acme/web:2.0.0" } })],
    });
    expect((await harness.run(second)).terminal?.type).toBe("deployment.ready");
    expect(await imageOf(first)).toBe("ghcr.io/acme/web:2.0.0");

    const jobsBefore = await buildJobs();
    const rollback = next(first);
    rollback.deployment.rollback = { deploymentId: first.deployment.id, images };
    const { events, terminal } = await harness.run(rollback);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    expect(await buildJobs()).toBe(jobsBefore);
    const rollbackBuilds = await harness.kube.list("batch/v1", "Job", "enclave-builds", {
      labelSelector: `enclave.dev/deployment=${rollback.deployment.id}`,
    });
    expect(rollbackBuilds).toHaveLength(0);
    for (const stage of ["detect", "generate", "build"]) {
      const reported = events.filter((e) => e.stage === stage);
      expect(reported.map((e) => [e.type, e.message])).toEqual([
        ["stage.completed", `skipped: rollback to ${first.deployment.id}`],
      ]);
    }
    expect(await imageOf(first)).toBe(images.web);
    expect(terminal?.data?.images).toEqual(images);
  });

  it("puts a ready tenant's previous Deployment and env back when a redeploy fails its health check", async () => {
    const first = deploymentSpec({ database: null });
    expect((await harness.run(first)).terminal?.type).toBe("deployment.ready");
    const before = await web(first);
    const namespace = tenantNamespace(first);
    const redeploy = next(first, {
      services: [
        service({
          source: { type: "image", image: "ghcr.io/acme/web:2.0.0" },
          env: { API_KEY: "rotated-value" },
        }),
      ],
    });
    const remove = harness.cluster.scripts.add({
      kind: "httpResponse",
      namespace,
      service: "web",
      path: "/healthz",
      status: 500,
    });
    let result: Awaited<ReturnType<Harness["run"]>>;
    try {
      result = await harness.run(redeploy);
    } finally {
      remove();
    }
    expect(result.terminal?.type).toBe("deployment.failed");
    expect(result.terminal?.message).toContain("web is not healthy");
    const rolledBack = result.events.find((e) => e.type === "deployment.rolled_back");
    expect(rolledBack?.data).toEqual({
      services: ["web"],
      images: { web: "ghcr.io/acme/web:1.0.0" },
    });

    const after = await web(first);
    expect(after?.spec?.template.spec?.containers[0]?.image).toBe("ghcr.io/acme/web:1.0.0");
    expect(after?.spec?.template.metadata?.annotations).toEqual(
      before?.spec?.template.metadata?.annotations,
    );
    expect(after?.status?.availableReplicas).toBeGreaterThanOrEqual(1);
    const secret = await harness.kube.read<ISecret>({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "web-env", namespace },
    });
    expect(Buffer.from(secret?.data?.API_KEY ?? "", "base64").toString()).toBe("s3cret-value");
    expect(JSON.stringify(result.events)).not.toContain("s3cret-value");
  });
});

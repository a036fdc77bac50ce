import type { IJob } from "kubernetes-models/batch/v1";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { repositoryName } from "../../runner/manifests/build.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { SourceAnalyzer } from "../../runner/pipeline/stages/detect.ts";
import type { DeploymentSpec, ServiceBuild } from "../../worker/contracts/index.ts";
import { FakeRegistry } from "./support/fake-registry.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { FAKE_REVISION, Harness, nodeAppAnalyzer } from "./support/harness.ts";
import { pushingBuildah } from "./support/pushing-build.ts";

const OTHER_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
const GIT = { type: "git", url: "file:///srv/repos/shop.git", ref: "main", path: "." } as const;

/** The Node app of the harness, at the commit and folder a test chooses. */
const read = { revision: FAKE_REVISION, path: "." };
const analyzer: SourceAnalyzer = {
  analyze: async (source, config, signal) => {
    const analysis = await nodeAppAnalyzer.analyze(source, config, signal);
    return {
      ...analysis,
      detection: { ...analysis.detection, path: read.path },
      revision: read.revision,
    };
  },
  generate: nodeAppAnalyzer.generate,
};

describe("builds that are never done twice", () => {
  let harness: Harness;
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await FakeRegistry.start();
    harness = await Harness.start(analyzer);
    harness.cluster.behaviours.register({ image: /buildah/ }, pushingBuildah(registry));
  });
  afterAll(async () => {
    await harness.close();
    await registry.close();
  });
  beforeEach(() => {
    read.revision = FAKE_REVISION;
    read.path = ".";
  });

  const firstDeployment = (registryApiUrl = registry.url) =>
    deploymentSpec({
      database: null,
      services: [service({ source: GIT })],
      config: {
        ...deploymentSpec().config,
        cluster: { ...deploymentSpec().config.cluster, registryApiUrl },
      },
    });

  /** The next deployment of the same tenant, handed the builds the edge found for it. */
  const redeployment = (spec: DeploymentSpec, earlier: ServiceBuild, from: string) => ({
    ...spec,
    deployment: { id: testId("dep"), attempt: 1, kind: "provision" as const },
    tenant: { ...spec.tenant, wasReady: true },
    earlierBuilds: [{ key: earlier.key ?? "", digest: earlier.digest, deploymentId: from }],
  });

  const buildJobsOf = (spec: DeploymentSpec) =>
    harness.kube.list<IJob>("batch/v1", "Job", spec.config.cluster.buildNamespace, {
      labelSelector: `enclave.dev/deployment=${spec.deployment.id}`,
    });

  async function deploy(spec: DeploymentSpec) {
    const { events, terminal } = await harness.run(spec);
    expect(terminal?.type, terminal?.message).toBe("deployment.ready");
    const { builds } = (terminal?.data ?? {}) as { builds: Record<string, ServiceBuild> };
    const logs = events.filter((e) => e.type === "stage.log").map((e) => e.message);
    return { builds, logs, jobs: (await buildJobsOf(spec)).length };
  }

  it("records what was built: digest, base image, template, detection, duration", async () => {
    const spec = firstDeployment();
    const { builds, jobs } = await deploy(spec);
    expect(jobs).toBe(1);
    const web = builds.web;
    expect(web).toMatchObject({
      revision: FAKE_REVISION,
      path: ".",
      baseImage: "node:22-alpine",
      dockerfile: { name: "node", version: "sha256:000000000000" },
      detection: { template: "node", path: "." },
      reusedFrom: null,
    });
    expect(web?.key).toMatch(/^[a-f0-9]{64}$/);
    expect(web?.image).toBe(`${spec.config.cluster.registry}/${spec.tenant.id}/web@${web?.digest}`);
    expect(web?.durationMs).toBeGreaterThan(0);
  });

  it("reuses the image of an unchanged commit without a build Job, and says whose", async () => {
    const first = firstDeployment();
    const built = (await deploy(first)).builds.web as ServiceBuild;
    const again = redeployment(first, built, first.deployment.id);
    const { builds, logs, jobs } = await deploy(again);
    expect(jobs).toBe(0);
    expect(logs).toContain(`web: reused the build of ${first.deployment.id} (${built.digest})`);
    expect(builds.web).toMatchObject({
      image: built.image,
      digest: built.digest,
      key: built.key,
      reusedFrom: first.deployment.id,
    });
  });

  it("never deletes a reused image when the deployment that reused it fails", async () => {
    const first = firstDeployment();
    const built = (await deploy(first)).builds.web as ServiceBuild;
    // A tenant that never became ready loses what its failed deployment pushed: not this.
    const again = { ...redeployment(first, built, first.deployment.id), tenant: first.tenant };
    const remove = harness.cluster.scripts.add({
      kind: "httpResponse",
      namespace: tenantNamespace(first),
      service: "web",
      path: "/healthz",
      status: 500,
    });
    try {
      expect((await harness.run(again)).terminal?.type).toBe("deployment.failed");
    } finally {
      remove();
    }
    expect(registry.tagsOf(repositoryName(first, { name: "web" }))).toHaveLength(1);
  });

  it("builds a changed commit", async () => {
    const first = firstDeployment();
    const built = (await deploy(first)).builds.web as ServiceBuild;
    read.revision = OTHER_COMMIT;
    const { builds, jobs } = await deploy(redeployment(first, built, first.deployment.id));
    expect(jobs).toBe(1);
    expect(builds.web?.key).not.toBe(built.key);
    expect(builds.web?.reusedFrom).toBeNull();
  });

  it("builds again when the registry no longer has the earlier image", async () => {
    const first = firstDeployment();
    const built = (await deploy(first)).builds.web as ServiceBuild;
    registry.repositories.get(repositoryName(first, { name: "web" }))?.clear();
    const { logs, jobs } = await deploy(redeployment(first, built, first.deployment.id));
    expect(jobs).toBe(1);
    expect(logs).toContain(
      `web: the image of the build of ${first.deployment.id} is gone from the registry; building again`,
    );
  });

  it("builds again when the registry's API is not configured to confirm the image", async () => {
    const first = firstDeployment("");
    const built = (await deploy(first)).builds.web as ServiceBuild;
    const { logs, jobs } = await deploy(redeployment(first, built, first.deployment.id));
    expect(jobs).toBe(1);
    expect(logs.join("\n")).toContain(
      `web: the build of ${first.deployment.id} has the same inputs, but without the registry's API`,
    );
  });

  it("builds the folder detection resolved, not the path as the service gave it", async () => {
    read.path = "apps/web";
    const spec = deploymentSpec({
      database: null,
      services: [service({ source: { ...GIT, path: "./apps/web/" } })],
    });
    const { builds } = await deploy(spec);
    const [job] = await buildJobsOf(spec);
    const env = job?.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env).toContainEqual({ name: "CONTEXT_PATH", value: "apps/web" });
    expect(builds.web?.path).toBe("apps/web");
  });
});

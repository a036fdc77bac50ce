/**
 * Build Jobs a redeploy creates on the embedded cluster, with a registry whose API confirms
 * the earlier image: an unchanged commit reuses the earlier build (target 0 Jobs).
 */
import { fileURLToPath } from "node:url";
import type { DeploymentSpec, ServiceBuild } from "../../worker/contracts/index.ts";
import { FakeRegistry } from "../runner/support/fake-registry.ts";
import { deploymentSpec, service, testId } from "../runner/support/fixtures.ts";
import { Harness } from "../runner/support/harness.ts";
import { pushingBuildah } from "../runner/support/pushing-build.ts";

export async function benchBuildReuse(): Promise<void> {
  const registry = await FakeRegistry.start();
  const harness = await Harness.start();
  harness.cluster.behaviours.register({ image: /buildah/ }, pushingBuildah(registry));
  const deploy = async (spec: DeploymentSpec) => {
    const { terminal } = await harness.run(spec);
    if (terminal?.type !== "deployment.ready") {
      throw new Error(`deployment ended ${terminal?.type}: ${terminal?.message}`);
    }
    const jobs = await harness.kube.list("batch/v1", "Job", spec.config.cluster.buildNamespace, {
      labelSelector: `enclave.dev/deployment=${spec.deployment.id}`,
    });
    const { builds } = (terminal.data ?? {}) as { builds: Record<string, ServiceBuild> };
    return { jobs: jobs.length, web: builds.web as ServiceBuild };
  };
  try {
    const config = deploymentSpec().config;
    const first = deploymentSpec({
      database: null,
      services: [
        service({ source: { type: "git", url: "file:///srv/app.git", ref: "main", path: "." } }),
      ],
      config: { ...config, cluster: { ...config.cluster, registryApiUrl: registry.url } },
    });
    const built = await deploy(first);
    const redeploy = await deploy({
      ...first,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      tenant: { ...first.tenant, wasReady: true },
      earlierBuilds: [
        { key: built.web.key ?? "", digest: built.web.digest, deploymentId: first.deployment.id },
      ],
    });
    console.log(
      `builds: build Jobs for a redeploy of an unchanged commit ${redeploy.jobs} (target 0, ${redeploy.jobs === 0 ? "ok" : "MISSED"}); first deployment ${built.jobs}`,
    );
  } finally {
    await harness.close();
    await registry.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchBuildReuse();

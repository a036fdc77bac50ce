import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheRepositoryName } from "../../runner/manifests/build.ts";
import { tenantNamespace } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { FakeRegistry } from "./support/fake-registry.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { Harness } from "./support/harness.ts";
import { pushingBuildah } from "./support/pushing-build.ts";

const GIT = { type: "git", url: "file:///srv/app.git", ref: "main", path: "." } as const;

describe("registry cleanup through the pipeline", () => {
  let harness: Harness;
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await FakeRegistry.start({ pageSize: 2 });
    harness = await Harness.start();
    harness.cluster.behaviours.register({ image: /buildah/ }, pushingBuildah(registry));
  });
  afterAll(async () => {
    await harness.close();
    await registry.close();
  });

  function withRegistryApi(spec: DeploymentSpec, url = registry.url): DeploymentSpec {
    return {
      ...spec,
      config: { ...spec.config, cluster: { ...spec.config.cluster, registryApiUrl: url } },
    };
  }
  const removal = (spec: DeploymentSpec): DeploymentSpec => ({
    ...spec,
    deployment: { id: testId("dep"), attempt: 1, kind: "deprovision" },
  });
  const failHealth = (spec: DeploymentSpec) =>
    harness.cluster.scripts.add({
      kind: "httpResponse",
      namespace: tenantNamespace(spec),
      service: "web",
      path: "/healthz",
      status: 500,
    });
  const logs = (events: { type: string; message: string }[]) =>
    events.filter((e) => e.type === "stage.log").map((e) => e.message);

  it("deletes every image of every service and reports the count of each", async () => {
    const spec = withRegistryApi(
      deploymentSpec({
        database: null,
        services: [service({ source: GIT }), service({ name: "api", source: GIT })],
      }),
    );
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    const web = `${spec.tenant.id}/web`;
    const api = `${spec.tenant.id}/api`;
    // Images of earlier deployments, one of them tagged twice.
    const old = registry.push(web, "dep-old-1");
    registry.tag(web, "dep-old-2", old);
    registry.push(web, "dep-old-3");
    expect(registry.tagsOf(web)).toHaveLength(4);
    expect(registry.tagsOf(api)).toHaveLength(1);
    // What `buildah --cache-to` pushed: one image per cached instruction.
    const cache = cacheRepositoryName(spec);
    registry.push(cache, "a1b2c3");
    registry.push(cache, "d4e5f6");

    const { events, terminal } = await harness.run(removal(spec));
    expect(terminal?.type).toBe("deployment.deleted");
    expect(registry.tagsOf(web)).toEqual([]);
    expect(registry.tagsOf(api)).toEqual([]);
    expect(registry.tagsOf(cache)).toEqual([]);
    expect(logs(events)).toEqual([
      `web: 3 image(s) deleted from ${registry.url}/${web}`,
      `api: 1 image(s) deleted from ${registry.url}/${api}`,
      `layer cache: 2 image(s) deleted from ${registry.url}/${cache}`,
    ]);
    expect(events.find((e) => e.type === "stage.completed")?.message).toContain(
      "4 image(s) and 2 layer cache image(s) deleted from the registry",
    );
  });

  it("says plainly that image cleanup is not configured, and deletes nothing", async () => {
    const spec = deploymentSpec({ database: null, services: [service({ source: GIT })] });
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    const { events, terminal } = await harness.run(removal(spec));
    expect(terminal?.type).toBe("deployment.deleted");
    expect(logs(events)).toEqual([
      `image cleanup is not configured (cluster.registryApiUrl is empty), so the registry keeps the images of ${spec.tenant.id}/web and the layer cache ${cacheRepositoryName(spec)}`,
    ]);
    expect(registry.tagsOf(`${spec.tenant.id}/web`)).toHaveLength(1);
  });

  it("fails the deletion with the registry's cause, and a retry finishes it", async () => {
    const spec = withRegistryApi(
      deploymentSpec({ database: null, services: [service({ source: GIT })] }),
    );
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    registry.deleteEnabled = false;
    try {
      const { events, terminal } = await harness.run(removal(spec));
      expect(terminal?.type).toBe("deployment.failed");
      expect(events.find((e) => e.type === "stage.failed")?.message).toMatch(
        /deleting the images of web: .*storage\.delete\.enabled: true/,
      );
    } finally {
      registry.deleteEnabled = true;
    }
    const { terminal } = await harness.run(removal(spec));
    expect(terminal?.type).toBe("deployment.deleted");
    expect(registry.tagsOf(`${spec.tenant.id}/web`)).toEqual([]);
  });

  it("deletes what a failed first deployment pushed", async () => {
    const spec = withRegistryApi(
      deploymentSpec({ database: null, services: [service({ source: GIT })] }),
    );
    const remove = failHealth(spec);
    try {
      const { events, terminal } = await harness.run(spec);
      expect(terminal?.type).toBe("deployment.failed");
      expect(logs(events)).toContain("deleted 1 image(s) this deployment pushed");
    } finally {
      remove();
    }
    expect(registry.tagsOf(`${spec.tenant.id}/web`)).toEqual([]);
  });

  it("deletes what a first deployment pushed before it was cancelled", async () => {
    const spec = withRegistryApi(
      deploymentSpec({ database: null, services: [service({ source: GIT })] }),
    );
    const post = harness.deps.postEvents;
    let cancelled = false;
    harness.deps.postEvents = async (id, batch) => {
      await post(id, batch);
      cancelled ||= batch.events.some((e) => e.stage === "build" && e.type === "stage.completed");
      return { cancelled };
    };
    try {
      const { events, terminal } = await harness.run(spec);
      expect(terminal?.type).toBe("deployment.cancelled");
      expect(logs(events)).toContain("deleted 1 image(s) this deployment pushed");
    } finally {
      harness.deps.postEvents = post;
    }
    expect(registry.tagsOf(`${spec.tenant.id}/web`)).toEqual([]);
  });

  it("keeps the images of a ready tenant whose redeploy fails", async () => {
    const spec = withRegistryApi(
      deploymentSpec({ database: null, services: [service({ source: GIT })] }),
    );
    expect((await harness.run(spec)).terminal?.type).toBe("deployment.ready");
    const redeploy: DeploymentSpec = {
      ...spec,
      deployment: { id: testId("dep"), attempt: 1, kind: "provision" },
      tenant: { ...spec.tenant, wasReady: true },
    };
    const remove = failHealth(spec);
    try {
      expect((await harness.run(redeploy)).terminal?.type).toBe("deployment.failed");
    } finally {
      remove();
    }
    // Same source, same digest: the failed build's manifest is the one the tenant still runs.
    expect(registry.tagsOf(`${spec.tenant.id}/web`)).toHaveLength(2);
  });
});

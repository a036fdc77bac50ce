import { ApisApi, CoreV1Api, CustomObjectsApi, type V1APIResource } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL } from "../../runner/manifests/labels.ts";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { FakeRegistry } from "./support/fake-registry.ts";
import { deploymentSpec, service, testId } from "./support/fixtures.ts";
import { adminKubeConfig, Harness } from "./support/harness.ts";
import { pushingBuildah } from "./support/pushing-build.ts";

const GIT = { type: "git", url: "file:///srv/app.git", ref: "main", path: "." } as const;

interface ResourceType {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

/**
 * Every object of the cluster that carries the label, whatever its kind: the kinds come from
 * the cluster's discovery (core and every API group), so a kind the pipeline starts creating
 * later is walked without changing this test.
 */
async function labelledObjects(harness: Harness, selector: string): Promise<string[]> {
  const config = adminKubeConfig(harness.cluster);
  const listable = (r: V1APIResource) => !r.name.includes("/") && r.verbs.includes("list");
  const types: ResourceType[] = (await config.makeApiClient(CoreV1Api).getAPIResources()).resources
    .filter(listable)
    .map((r) => ({ apiVersion: "v1", kind: r.kind, namespaced: r.namespaced }));
  const groups = await config.makeApiClient(ApisApi).getAPIVersions();
  const custom = config.makeApiClient(CustomObjectsApi);
  for (const group of groups.groups) {
    const version = group.preferredVersion ?? group.versions[0];
    if (!version) continue;
    const [name = "", v = ""] = version.groupVersion.split("/");
    const resources = await custom.getAPIResources({ group: name, version: v });
    for (const r of resources.resources.filter(listable)) {
      types.push({ apiVersion: version.groupVersion, kind: r.kind, namespaced: r.namespaced });
    }
  }
  const found: string[] = [];
  for (const type of types) {
    const objects = await harness.kube.list(type.apiVersion, type.kind, undefined, {
      labelSelector: selector,
    });
    for (const object of objects) {
      found.push(`${type.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}`);
    }
  }
  return found.sort();
}

describe("deleting a tenant leaves nothing of it", () => {
  let harness: Harness;
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await FakeRegistry.start();
    harness = await Harness.start();
    harness.cluster.behaviours.register({ image: /buildah/ }, pushingBuildah(registry));
  });
  afterAll(async () => {
    await harness.close();
    await registry.close();
  });

  const withRegistry = (spec: DeploymentSpec): DeploymentSpec => ({
    ...spec,
    config: {
      ...spec.config,
      cluster: { ...spec.config.cluster, registryApiUrl: registry.url },
    },
  });

  const repositoriesOf = (tenantId: string) =>
    [...registry.repositories.keys()].filter((repository) => repository.includes(tenantId));

  it("in any namespace or cluster-scoped kind, the build namespace included, nor in the registry", async () => {
    const tenant = withRegistry(
      deploymentSpec({
        services: [
          service({ name: "web", source: GIT }),
          service({ name: "api", source: { ...GIT, path: "api" } }),
        ],
      }),
    );
    const neighbour = withRegistry(deploymentSpec({ services: [service({ source: GIT })] }));
    expect((await harness.run(tenant)).terminal?.type).toBe("deployment.ready");
    expect((await harness.run(neighbour)).terminal?.type).toBe("deployment.ready");

    const selector = `${LABEL.tenant}=${tenant.tenant.id}`;
    const before = await labelledObjects(harness, selector);
    // The walk sees what the pipeline made, in the tenant's namespace and in the build one.
    expect(before).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Namespace \//),
        expect.stringMatching(/^Deployment /),
        expect.stringMatching(/^StatefulSet /),
        expect.stringMatching(/^Secret /),
        expect.stringMatching(/^NetworkPolicy /),
        expect.stringMatching(new RegExp(`^Job ${tenant.config.cluster.buildNamespace}/`)),
        expect.stringMatching(new RegExp(`^Pod ${tenant.config.cluster.buildNamespace}/`)),
        expect.stringMatching(new RegExp(`^ConfigMap ${tenant.config.cluster.buildNamespace}/`)),
      ]),
    );
    expect(repositoriesOf(tenant.tenant.id).length).toBeGreaterThan(0);

    const removal = {
      ...tenant,
      deployment: { id: testId("dep"), attempt: 1, kind: "deprovision" as const },
    };
    expect((await harness.run(removal)).terminal?.type).toBe("deployment.deleted");

    expect(await labelledObjects(harness, selector)).toEqual([]);
    for (const repository of repositoriesOf(tenant.tenant.id)) {
      expect({ repository, tags: registry.tagsOf(repository) }).toEqual({ repository, tags: [] });
    }
    // The neighbour keeps everything it had.
    const neighbourObjects = await labelledObjects(
      harness,
      `${LABEL.tenant}=${neighbour.tenant.id}`,
    );
    expect(neighbourObjects).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Deployment /)]),
    );
    expect(repositoriesOf(neighbour.tenant.id).some((r) => registry.tagsOf(r).length > 0)).toBe(
      true,
    );
  });
});

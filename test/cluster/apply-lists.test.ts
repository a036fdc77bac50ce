import {
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
  type V1OwnerReference,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, type Harness, startHarness } from "./support.ts";

let h: Harness;
let a: V1OwnerReference;
let b: V1OwnerReference;

async function ownerReference(name: string): Promise<V1OwnerReference> {
  const owner = await h.core.createNamespacedConfigMap({
    namespace: "lists",
    body: { metadata: { name } },
  });
  return { apiVersion: "v1", kind: "ConfigMap", name, uid: owner.metadata?.uid ?? "" };
}

beforeAll(async () => {
  h = await startHarness();
  await createNamespace(h, "lists");
  a = await ownerReference("owner-a");
  b = await ownerReference("owner-b");
});
afterAll(() => h.cluster.close());

const applyConfigMap = (body: object, fieldManager: string) =>
  h.core.patchNamespacedConfigMap(
    { name: "dependent", namespace: "lists", body, fieldManager },
    setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
  );

const configMap = (metadata: Partial<V1ConfigMap["metadata"]> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "dependent", namespace: "lists", ...metadata },
  data: { a: "1" },
});

const applyDeployment = (spec: object, fieldManager: string) =>
  h.apps.patchNamespacedDeployment(
    {
      name: "web",
      namespace: "lists",
      body: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec },
      fieldManager,
    },
    setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
  );

const template = (containers: object[], volumes: object[]) => ({
  selector: { matchLabels: { app: "web" } },
  template: { metadata: { labels: { app: "web" } }, spec: { containers, volumes } },
});

describe("server-side apply of associative lists", () => {
  it("removes the ownerReferences and finalizers a manager stops applying, keeping other managers' items", async () => {
    await applyConfigMap(configMap({ ownerReferences: [a], finalizers: ["x.io/a"] }), "first");
    await applyConfigMap(configMap({ ownerReferences: [b], finalizers: ["x.io/b"] }), "second");

    const withoutFirst = await applyConfigMap(configMap(), "first");
    expect(withoutFirst.metadata?.ownerReferences?.map((o) => o.name)).toEqual(["owner-b"]);
    expect(withoutFirst.metadata?.finalizers).toEqual(["x.io/b"]);

    const withoutBoth = await applyConfigMap(configMap(), "second");
    expect(withoutBoth.metadata?.ownerReferences).toBeUndefined();
    expect(withoutBoth.metadata?.finalizers).toBeUndefined();
    expect(withoutBoth.data).toEqual({ a: "1" });
  });

  it("keeps an item another manager also applied when one manager stops applying it", async () => {
    await applyConfigMap(configMap({ ownerReferences: [a] }), "first");
    await applyConfigMap(configMap({ ownerReferences: [a] }), "second");
    const kept = await applyConfigMap(configMap(), "first");
    expect(kept.metadata?.ownerReferences?.map((o) => o.uid)).toEqual([a.uid]);
  });

  it("removes containers, env, ports and volumes item by item, keyed as the API declares", async () => {
    await applyDeployment(
      template(
        [
          {
            name: "web",
            image: "web:1",
            env: [
              { name: "A", value: "1" },
              { name: "B", value: "2" },
            ],
            ports: [{ containerPort: 53 }, { containerPort: 53, protocol: "UDP" }],
            volumeMounts: [
              { name: "data", mountPath: "/data" },
              { name: "cache", mountPath: "/cache" },
            ],
          },
          { name: "sidecar", image: "sidecar:1" },
        ],
        [
          { name: "data", emptyDir: {} },
          { name: "cache", emptyDir: {} },
        ],
      ),
      "first",
    );
    await applyDeployment(
      template([{ name: "web", env: [{ name: "C", value: "3" }] }], []),
      "second",
    );

    const trimmed = await applyDeployment(
      template(
        [
          {
            name: "web",
            image: "web:1",
            env: [{ name: "A", value: "1" }],
            ports: [{ containerPort: 53, protocol: "UDP" }],
            volumeMounts: [{ name: "data", mountPath: "/data" }],
          },
        ],
        [{ name: "data", emptyDir: {} }],
      ),
      "first",
    );
    const pod = trimmed.spec?.template.spec;
    expect(pod?.containers.map((c) => c.name)).toEqual(["web"]);
    const [web] = pod?.containers ?? [];
    expect(web?.env).toEqual([
      { name: "A", value: "1" },
      { name: "C", value: "3" },
    ]);
    expect(web?.ports).toEqual([{ containerPort: 53, protocol: "UDP" }]);
    expect(web?.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }]);
    expect(pod?.volumes?.map((v) => v.name)).toEqual(["data"]);
  });
});

import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { createNamespace, eventually, failure, harnessWithNamespace } from "./support.ts";

const h = harnessWithNamespace("crud");

const configMap = (name: string, labels: Record<string, string> = {}) => ({
  metadata: { name, namespace: "crud", labels },
  data: { key: "value" },
});

describe("verbs with Kubernetes semantics (client-node)", () => {
  it("creates with uid, resourceVersion and creationTimestamp, and refuses a duplicate with 409 AlreadyExists", async () => {
    const created = await h.core.createNamespacedConfigMap({
      namespace: "crud",
      body: configMap("one"),
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.resourceVersion).toBeTruthy();
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const duplicate = await failure(
      h.core.createNamespacedConfigMap({ namespace: "crud", body: configMap("one") }),
    );
    expect(duplicate).toMatchObject({
      kind: "Status",
      code: 409,
      reason: "AlreadyExists",
      message: 'configmaps "one" already exists',
    });
  });

  it("gets, and answers 404 NotFound for a missing object", async () => {
    const read = await h.core.readNamespacedConfigMap({ name: "one", namespace: "crud" });
    expect(read.data).toEqual({ key: "value" });
    const missing = await failure(
      h.core.readNamespacedConfigMap({ name: "nope", namespace: "crud" }),
    );
    expect(missing).toMatchObject({
      code: 404,
      reason: "NotFound",
      message: 'configmaps "nope" not found',
    });
  });

  it("lists with label and field selectors, and pages with limit/continue", async () => {
    for (const [name, tier] of [
      ["a1", "front"],
      ["a2", "back"],
      ["a3", "front"],
    ] as const) {
      await h.core.createNamespacedConfigMap({
        namespace: "crud",
        body: configMap(name, { tier, group: "list" }),
      });
    }
    const front = await h.core.listNamespacedConfigMap({
      namespace: "crud",
      labelSelector: "tier=front",
    });
    expect(front.items.map((i) => i.metadata?.name)).toEqual(["a1", "a3"]);
    const notFront = await h.core.listNamespacedConfigMap({
      namespace: "crud",
      labelSelector: "group=list,tier notin (front)",
    });
    expect(notFront.items.map((i) => i.metadata?.name)).toEqual(["a2"]);
    const byName = await h.core.listNamespacedConfigMap({
      namespace: "crud",
      fieldSelector: "metadata.name=a2",
    });
    expect(byName.items).toHaveLength(1);
    const first = await h.core.listNamespacedConfigMap({
      namespace: "crud",
      labelSelector: "group=list",
      limit: 2,
    });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?._continue).toBeTruthy();
    const rest = await h.core.listNamespacedConfigMap({
      namespace: "crud",
      labelSelector: "group=list",
      limit: 2,
      _continue: first.metadata?._continue,
    });
    expect(rest.items.map((i) => i.metadata?.name)).toEqual(["a3"]);
    expect(rest.metadata?._continue).toBeFalsy();
  });

  it("updates with optimistic concurrency: a stale resourceVersion is a 409 Conflict", async () => {
    const current = await h.core.readNamespacedConfigMap({ name: "one", namespace: "crud" });
    const updated = await h.core.replaceNamespacedConfigMap({
      name: "one",
      namespace: "crud",
      body: { ...current, data: { key: "v2" } },
    });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(
      Number(current.metadata?.resourceVersion),
    );
    const stale = await failure(
      h.core.replaceNamespacedConfigMap({
        name: "one",
        namespace: "crud",
        body: { ...current, data: { key: "v3" } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.reason).toBe("Conflict");
    expect(stale.message).toContain("the object has been modified");
  });

  it("applies merge, JSON and strategic merge patches", async () => {
    await h.apps.createNamespacedDeployment({
      namespace: "crud",
      body: {
        metadata: { name: "patched" },
        spec: {
          selector: { matchLabels: { app: "patched" } },
          template: {
            metadata: { labels: { app: "patched" } },
            spec: { containers: [{ name: "a", image: "img:1", env: [{ name: "X", value: "1" }] }] },
          },
        },
      },
    });
    await h.apps.patchNamespacedDeployment(
      { name: "patched", namespace: "crud", body: { metadata: { labels: { merged: "yes" } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await h.apps.patchNamespacedDeployment(
      {
        name: "patched",
        namespace: "crud",
        body: [{ op: "replace", path: "/spec/replicas", value: 2 }],
      },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    );
    const strategic = await h.apps.patchNamespacedDeployment(
      {
        name: "patched",
        namespace: "crud",
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: "a", env: [{ name: "Y", value: "2" }] },
                  { name: "b", image: "img:2" },
                ],
              },
            },
          },
        },
      },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.metadata?.labels).toEqual({ merged: "yes" });
    expect(strategic.spec?.replicas).toBe(2);
    const containers = strategic.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => c.name)).toEqual(["a", "b"]);
    expect(containers[0]?.image).toBe("img:1");
    expect(containers[0]?.env?.map((e) => e.name)).toEqual(["X", "Y"]);
    expect(strategic.metadata?.generation).toBe(3);
  });

  it("keeps status out of spec writes and spec out of status writes; generation counts spec changes only", async () => {
    const deployment = await h.apps.readNamespacedDeployment({
      name: "patched",
      namespace: "crud",
    });
    const generation = deployment.metadata?.generation;
    await h.apps.patchNamespacedDeploymentStatus(
      {
        name: "patched",
        namespace: "crud",
        body: { status: { observedGeneration: 99 }, spec: { replicas: 7 } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const after = await h.apps.readNamespacedDeployment({ name: "patched", namespace: "crud" });
    expect(after.spec?.replicas).toBe(2);
    expect(after.metadata?.generation).toBe(generation);
    await h.apps.patchNamespacedDeployment(
      { name: "patched", namespace: "crud", body: { status: { observedGeneration: 1234 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const unchanged = await h.apps.readNamespacedDeployment({ name: "patched", namespace: "crud" });
    expect(unchanged.status?.observedGeneration).not.toBe(1234);
  });

  it("deletes, then answers 404", async () => {
    await h.core.deleteNamespacedConfigMap({ name: "a1", namespace: "crud" });
    const again = await failure(
      h.core.deleteNamespacedConfigMap({ name: "a1", namespace: "crud" }),
    );
    expect(again).toMatchObject({ code: 404, reason: "NotFound" });
  });

  it("holds an object with finalizers until they are removed", async () => {
    await h.core.createNamespacedConfigMap({
      namespace: "crud",
      body: { ...configMap("held"), metadata: { name: "held", finalizers: ["example.com/hold"] } },
    });
    await h.core.deleteNamespacedConfigMap({ name: "held", namespace: "crud" });
    const held = await h.core.readNamespacedConfigMap({ name: "held", namespace: "crud" });
    expect(held.metadata?.deletionTimestamp).toBeTruthy();
    await h.core.patchNamespacedConfigMap(
      { name: "held", namespace: "crud", body: { metadata: { finalizers: null } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(
      await failure(h.core.readNamespacedConfigMap({ name: "held", namespace: "crud" })),
    ).toMatchObject({ code: 404 });
  });

  it("garbage-collects dependents through ownerReferences", async () => {
    const owner = await h.core.createNamespacedConfigMap({
      namespace: "crud",
      body: configMap("owner"),
    });
    await h.core.createNamespacedSecret({
      namespace: "crud",
      body: {
        metadata: {
          name: "dependent",
          ownerReferences: [
            { apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata?.uid ?? "" },
          ],
        },
        stringData: { password: "secret" },
      },
    });
    const secret = await h.core.readNamespacedSecret({ name: "dependent", namespace: "crud" });
    expect(Buffer.from(secret.data?.password ?? "", "base64").toString()).toBe("secret");
    await h.core.deleteNamespacedConfigMap({ name: "owner", namespace: "crud" });
    await eventually(
      async () =>
        (await failure(h.core.readNamespacedSecret({ name: "dependent", namespace: "crud" })))
          .code === 404,
    );
  });

  it("passes a deleted namespace through Terminating and removes everything in it", async () => {
    await createNamespace(h, "doomed");
    // Content with a finalizer holds the namespace in Terminating until the finalizer goes, so
    // the Terminating phase is observed for certain rather than raced against the controller.
    await h.core.createNamespacedConfigMap({
      namespace: "doomed",
      body: { metadata: { name: "held", finalizers: ["enclave.test/hold"] } },
    });
    await h.core.createNamespacedConfigMap({
      namespace: "doomed",
      body: { metadata: { name: "content" } },
    });
    await h.core.deleteNamespace({ name: "doomed" });
    const terminating = await h.core.readNamespace({ name: "doomed" });
    expect(terminating.status?.phase).toBe("Terminating");
    expect(terminating.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    expect(
      await failure(
        h.core.createNamespacedConfigMap({
          namespace: "doomed",
          body: { metadata: { name: "late" } },
        }),
      ),
    ).toMatchObject({
      code: 403,
      message: expect.stringContaining("because it is being terminated"),
    });
    await eventually(
      async () =>
        (await failure(h.core.readNamespacedConfigMap({ name: "content", namespace: "doomed" })))
          .code === 404,
    );
    const held = await h.core.readNamespacedConfigMap({ name: "held", namespace: "doomed" });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    expect((await h.core.readNamespace({ name: "doomed" })).status?.phase).toBe("Terminating");

    await h.core.replaceNamespacedConfigMap({
      name: "held",
      namespace: "doomed",
      body: { ...held, metadata: { ...held.metadata, finalizers: [] } },
    });
    await eventually(
      async () => (await failure(h.core.readNamespace({ name: "doomed" }))).code === 404,
    );
    expect(
      await failure(
        h.core.createNamespacedConfigMap({
          namespace: "doomed",
          body: { metadata: { name: "late" } },
        }),
      ),
    ).toMatchObject({ code: 404 });
  });

  it("serves custom resources (Traefik, cert-manager) through the custom objects API", async () => {
    const route = await h.custom.createNamespacedCustomObject({
      group: "traefik.io",
      version: "v1alpha1",
      namespace: "crud",
      plural: "ingressroutes",
      body: {
        apiVersion: "traefik.io/v1alpha1",
        kind: "IngressRoute",
        metadata: { name: "web" },
        spec: {
          routes: [
            { match: "Host(`a.example.com`)", kind: "Rule", services: [{ name: "web", port: 80 }] },
          ],
        },
      },
    });
    expect((route as { metadata: { uid: string } }).metadata.uid).toBeTruthy();
    const listed = (await h.custom.listNamespacedCustomObject({
      group: "traefik.io",
      version: "v1alpha1",
      namespace: "crud",
      plural: "ingressroutes",
    })) as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
  });
});

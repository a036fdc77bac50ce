import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { failure, harnessWithNamespace } from "./support.ts";

const h = harnessWithNamespace("applied");

const deployment = (replicas: number, labels: Record<string, string> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "applied", labels },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image: "web:1" }] },
    },
  },
});

const apply = (body: object, fieldManager: string, force = false) =>
  h.apps.patchNamespacedDeployment(
    { name: "web", namespace: "applied", body, fieldManager, force },
    setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
  );

describe("server-side apply", () => {
  it("creates on first apply and records the field manager", async () => {
    const created = await apply(deployment(1), "enclave");
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.metadata?.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ["enclave", "Apply"],
    ]);
  });

  it("converges: applying the same configuration twice changes nothing", async () => {
    const before = await h.apps.readNamespacedDeployment({ name: "web", namespace: "applied" });
    const after = await apply(deployment(1), "enclave");
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
  });

  it("writes nothing for an apply that changes nothing, even a second later", async () => {
    // A ConfigMap: no controller writes its status between the two applies.
    const settings = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings", namespace: "applied" },
      data: { mode: "on" },
    };
    const applySettings = () =>
      h.core.patchNamespacedConfigMap(
        { name: "settings", namespace: "applied", body: settings, fieldManager: "enclave" },
        setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
      );
    const before = await applySettings();
    // managedFields times have a resolution of one second: cross a boundary.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await applySettings();
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(after.metadata?.managedFields).toEqual(before.metadata?.managedFields);
  });

  it("refuses another manager's different value with a 409 conflict naming the field, unless forced", async () => {
    const conflict = await failure(apply(deployment(3), "intruder"));
    expect(conflict.code).toBe(409);
    expect(conflict.reason).toBe("Conflict");
    expect(conflict.message).toContain('conflict with "enclave"');
    expect(conflict.details?.causes).toContainEqual(
      expect.objectContaining({ reason: "FieldManagerConflict", field: ".spec.replicas" }),
    );
    const forced = await apply(deployment(3), "intruder", true);
    expect(forced.spec?.replicas).toBe(3);
    const replicasOwners = forced.metadata?.managedFields
      ?.filter((m) => JSON.stringify(m.fieldsV1).includes('"f:replicas"'))
      .map((m) => m.manager);
    expect(replicasOwners).toEqual(["intruder"]);
  });

  it("shares fields applied with the same value, without conflict", async () => {
    const shared = await apply(deployment(3), "second");
    expect(shared.metadata?.managedFields?.map((m) => m.manager).sort()).toEqual([
      "enclave",
      "intruder",
      "second",
    ]);
  });

  it("removes fields a manager stops applying when nobody else owns them", async () => {
    await apply(deployment(3, { team: "a" }), "enclave");
    const withLabel = await h.apps.readNamespacedDeployment({ name: "web", namespace: "applied" });
    expect(withLabel.metadata?.labels).toEqual({ team: "a" });
    const without = await apply(deployment(3), "enclave");
    expect(without.metadata?.labels ?? {}).toEqual({});
  });

  it("conflicts with fields an update (non-apply) wrote", async () => {
    await h.apps.patchNamespacedDeployment(
      {
        name: "web",
        namespace: "applied",
        body: { spec: { replicas: 5 } },
        fieldManager: "kubectl-scale",
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const conflict = await failure(apply(deployment(3), "enclave"));
    expect(conflict.message).toContain('conflict with "kubectl-scale"');
  });

  it("requires a fieldManager", async () => {
    const missing = await failure(
      h.apps.patchNamespacedDeployment(
        { name: "web", namespace: "applied", body: deployment(1) },
        setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
      ),
    );
    expect(missing.code).toBe(400);
  });

  it("applies generic objects through KubernetesObjectApi, as the runner does", async () => {
    const secret = await h.objects.patch(
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "env", namespace: "applied" },
        stringData: { A: "1" },
      },
      undefined,
      undefined,
      "enclave",
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(secret.metadata?.name).toBe("env");
  });
});

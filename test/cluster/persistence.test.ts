import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { eventually, restrictedPodSpec, startHarness } from "./support.ts";

const KUBECTL = process.env.KUBECTL ?? "/usr/bin/kubectl";

describe("state, credentials and TLS", () => {
  it("keeps objects and credentials across a restart when given a state file", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "cluster-state-")), "state.json");
    const first = await startHarness({ stateFile });
    await first.core.createNamespace({ body: { metadata: { name: "kept" } } });
    await first.core.createNamespacedConfigMap({
      namespace: "kept",
      body: { metadata: { name: "c" }, data: { a: "1" } },
    });
    const token = first.cluster.adminToken;
    await first.cluster.close();

    const second = await startHarness({ stateFile });
    try {
      expect(second.cluster.adminToken).toBe(token);
      const kept = await second.core.readNamespacedConfigMap({ name: "c", namespace: "kept" });
      expect(kept.data).toEqual({ a: "1" });
      const created = await second.core.createNamespacedConfigMap({
        namespace: "kept",
        body: { metadata: { name: "d" } },
      });
      expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(
        Number(kept.metadata?.resourceVersion),
      );
    } finally {
      await second.cluster.close();
    }
  });

  it("persists deletions, keeps running pods running across a restart, and keeps the file private", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "cluster-state-")), "state.db");
    const first = await startHarness({ stateFile });
    await first.core.createNamespace({ body: { metadata: { name: "work" } } });
    for (const name of ["kept", "dropped"])
      await first.core.createNamespacedConfigMap({
        namespace: "work",
        body: { metadata: { name } },
      });
    await first.core.deleteNamespacedConfigMap({ name: "dropped", namespace: "work" });
    await first.core.createNamespacedPod({
      namespace: "work",
      body: { metadata: { name: "app" }, spec: restrictedPodSpec("app:1") },
    });
    await eventually(
      async () =>
        (await first.core.readNamespacedPod({ name: "app", namespace: "work" })).status?.phase ===
        "Running",
    );
    await first.cluster.close();
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    const second = await startHarness({ stateFile });
    try {
      const names = (await second.core.listNamespacedConfigMap({ namespace: "work" })).items.map(
        (c) => c.metadata?.name,
      );
      expect(names).toContain("kept");
      expect(names).not.toContain("dropped");
      const ready = await eventually(async () => {
        const pod = await second.core.readNamespacedPod({ name: "app", namespace: "work" });
        return pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True" && pod;
      });
      expect(ready.status?.phase).toBe("Running");
    } finally {
      await second.cluster.close();
    }
  });

  it("moves a state file of the earlier JSON format into SQLite once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cluster-state-"));
    const legacyStateFile = join(dir, "cluster-state.json");
    const stateFile = join(dir, "cluster-state.db");
    const legacy = {
      store: {
        resourceVersion: 42,
        objects: [
          {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "old", uid: "u1", resourceVersion: "40" },
            spec: { finalizers: ["kubernetes"] },
            status: { phase: "Active" },
          },
          {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "s", namespace: "old", uid: "u2", resourceVersion: "41" },
            data: { password: Buffer.from("hunter2").toString("base64") },
          },
        ],
      },
      tokens: { adminToken: "enclave-admin-legacy", serviceAccountTokens: {} },
    };
    writeFileSync(legacyStateFile, JSON.stringify(legacy), { mode: 0o644 });

    const first = await startHarness({ stateFile, legacyStateFile });
    try {
      expect(first.cluster.adminToken).toBe("enclave-admin-legacy");
      const secret = await first.core.readNamespacedSecret({ name: "s", namespace: "old" });
      expect(Buffer.from(secret.data?.password ?? "", "base64").toString()).toBe("hunter2");
      const created = await first.core.createNamespacedConfigMap({
        namespace: "old",
        body: { metadata: { name: "new" } },
      });
      expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(42);
    } finally {
      await first.cluster.close();
    }
    expect(existsSync(legacyStateFile)).toBe(false);
    expect(statSync(`${legacyStateFile}.migrated`).mode & 0o777).toBe(0o600);

    // A JSON file appearing again (an older checkout) is not moved over newer state.
    writeFileSync(
      legacyStateFile,
      JSON.stringify({ ...legacy, store: { resourceVersion: 1, objects: [] } }),
    );
    const second = await startHarness({ stateFile, legacyStateFile });
    try {
      expect(second.cluster.adminToken).toBe("enclave-admin-legacy");
      await second.core.readNamespacedConfigMap({ name: "new", namespace: "old" });
      await second.core.readNamespacedSecret({ name: "s", namespace: "old" });
    } finally {
      await second.cluster.close();
    }
  });

  it("serves HTTPS with a generated CA; client-node and kubectl trust it through the kubeconfig", async () => {
    const h = await startHarness({ tls: true });
    try {
      expect(h.cluster.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(h.cluster.kubeconfig).toContain("certificate-authority-data");
      expect((await h.core.listNamespace()).items.map((n) => n.metadata?.name)).toContain(
        "default",
      );
      if (existsSync(KUBECTL)) {
        const { stdout } = await promisify(execFile)(
          KUBECTL,
          ["get", "namespace", "default", "-o", "name"],
          {
            env: { ...process.env, KUBECONFIG: h.cluster.kubeconfigPath },
          },
        );
        expect(stdout.trim()).toBe("namespace/default");
      }
    } finally {
      await h.cluster.close();
    }
  });
});

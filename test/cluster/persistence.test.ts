import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startHarness } from "./support.ts";

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

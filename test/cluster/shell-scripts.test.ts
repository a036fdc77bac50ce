import { describe, expect, it } from "vitest";
import { simulatedShellScript } from "../../runner/cluster/workloads/shell-script.ts";
import { eventually, harnessWithNamespace, restrictedPodSpec } from "./support.ts";

const h = harnessWithNamespace("scripts");

describe("short shell scripts in simulated containers", () => {
  it("fail a Job with the script's exit code, its echoes as the log", async () => {
    await h.batch.createNamespacedJob({
      namespace: "scripts",
      body: {
        metadata: { name: "migrate" },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              ...restrictedPodSpec("ghcr.io/acme/web:2", [
                "sh",
                "-c",
                "echo migrating; echo 'relation exists' >&2; exit 3",
              ]),
              restartPolicy: "Never",
            },
          },
        },
      },
    });
    const pod = await eventually(async () => {
      const pods = await h.core.listNamespacedPod({
        namespace: "scripts",
        labelSelector: "job-name=migrate",
      });
      return pods.items.find((p) => p.status?.phase === "Failed");
    });
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(3);
    const log = await h.core.readNamespacedPodLog({
      name: pod.metadata?.name ?? "",
      namespace: "scripts",
    });
    expect(log).toBe("migrating\nrelation exists\n");
  });

  it("follow the shell's rules for the status and fall back on anything else", () => {
    expect(simulatedShellScript(["false"])).toEqual({ logs: [], exit: { code: 1 } });
    expect(simulatedShellScript(["sh", "-c", "false && echo never"])).toEqual({
      logs: [],
      exit: { code: 1 },
    });
    expect(simulatedShellScript(["sh", "-c", "echo a\necho b"])).toEqual({
      logs: ["a", "b"],
      exit: { code: 0 },
    });
    expect(simulatedShellScript(["npm", "run", "migrate"])).toBeNull();
    expect(simulatedShellScript(["sh", "-c", "echo a; npm run migrate"])).toBeNull();
  });
});

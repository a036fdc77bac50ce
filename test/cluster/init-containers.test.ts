import type { V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createNamespace,
  eventually,
  type Harness,
  kubectlAgainst,
  startHarness,
} from "./support.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await createNamespace(h, "init");
  h.cluster.behaviours.register({ image: "wait-for-db" }, () => ({ logs: ["waiting for db"] }));
  h.cluster.behaviours.register({ image: "migrate" }, () => ({
    logs: ["applying 0001", "schema mismatch"],
    exit: { code: 3, terminationMessage: "migration 0001 failed" },
  }));
});
afterAll(() => h.cluster.close());

const kubectl = (...args: string[]) => kubectlAgainst(h.cluster, "-n", "init", ...args);

const pod = (name: string, initImages: string[], restartPolicy = "Always"): V1Pod => ({
  metadata: { name },
  spec: {
    restartPolicy,
    initContainers: initImages.map((image, i) => ({
      name: `init-${i}`,
      image,
      ...(image === "busybox" ? { command: ["echo", `init ${i} done`] } : {}),
    })),
    containers: [{ name: "app", image: "app:1" }],
  },
});

const readPod = (name: string) => h.core.readNamespacedPod({ name, namespace: "init" });

describe("init containers", () => {
  it("runs them in order before the app containers, with their logs", async () => {
    await h.core.createNamespacedPod({ namespace: "init", body: pod("ordered", ["busybox", "x"]) });
    const running = await eventually(async () => {
      const p = await readPod("ordered");
      return p.status?.phase === "Running" ? p : undefined;
    });
    expect(running.status?.initContainerStatuses?.map((s) => s.state?.terminated?.reason)).toEqual([
      "Completed",
      "Completed",
    ]);
    expect(running.status?.conditions?.find((c) => c.type === "Initialized")?.status).toBe("True");
    expect((await kubectl("logs", "ordered", "-c", "init-0")).stdout).toBe("init 0 done\n");
    expect((await kubectl("logs", "ordered")).stdout).toBe(
      "starting app:1: the image's default command (simulated by the embedded cluster: no process runs)\n",
    );
  });

  it("keeps the pod Pending and not Initialized while one runs", async () => {
    await h.core.createNamespacedPod({
      namespace: "init",
      body: pod("blocked", ["busybox", "wait-for-db"]),
    });
    const blocked = await eventually(async () => {
      const p = await readPod("blocked");
      return p.status?.initContainerStatuses?.[1]?.state?.running ? p : undefined;
    });
    expect(blocked.status?.phase).toBe("Pending");
    expect(blocked.status?.conditions?.find((c) => c.type === "Initialized")).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
    });
    expect(blocked.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("PodInitializing");
    expect((await kubectl("get", "pod", "blocked", "--no-headers")).stdout).toMatch(
      /^blocked\s+0\/1\s+Init:1\/2\s+0\s/,
    );
    expect((await kubectl("logs", "blocked", "-c", "init-1")).stdout).toBe("waiting for db\n");
    expect((await kubectl("logs", "blocked", "-c", "app")).stderr).toContain(
      'container "app" in pod "blocked" is waiting to start: PodInitializing',
    );
  });

  it("fails a restartPolicy Never pod when one exits non-zero, with its message and logs", async () => {
    await h.core.createNamespacedPod({
      namespace: "init",
      body: pod("failed", ["migrate", "busybox"], "Never"),
    });
    const failed = await eventually(async () => {
      const p = await readPod("failed");
      return p.status?.phase === "Failed" ? p : undefined;
    });
    expect(failed.status?.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 3,
      reason: "Error",
      message: "migration 0001 failed",
    });
    expect(failed.status?.initContainerStatuses?.[1]?.state?.waiting?.reason).toBe(
      "PodInitializing",
    );
    expect(failed.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("PodInitializing");
    expect((await kubectl("get", "pod", "failed", "--no-headers")).stdout).toContain("Init:Error");
    expect((await kubectl("logs", "failed", "-c", "init-0")).stdout).toBe(
      "applying 0001\nschema mismatch\n",
    );
  });

  it("restarts a failing one with back-off when the pod restarts, never starting the app", async () => {
    await h.core.createNamespacedPod({ namespace: "init", body: pod("looping", ["migrate"]) });
    const looping = await eventually(async () => {
      const p = await readPod("looping");
      return (p.status?.initContainerStatuses?.[0]?.restartCount ?? 0) >= 2 ? p : undefined;
    });
    expect(looping.status?.phase).toBe("Pending");
    expect(looping.status?.initContainerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(3);
    expect(looping.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("PodInitializing");
  });

  it("counts a Job pod whose init container failed as a failed pod", async () => {
    await h.batch.createNamespacedJob({
      namespace: "init",
      body: {
        metadata: { name: "migration" },
        spec: {
          backoffLimit: 1,
          template: {
            spec: {
              restartPolicy: "Never",
              initContainers: [{ name: "migrate", image: "migrate" }],
              containers: [{ name: "app", image: "app:1" }],
            },
          },
        },
      },
    });
    const failed = await eventually(async () => {
      const job = await h.batch.readNamespacedJob({ name: "migration", namespace: "init" });
      return job.status?.conditions?.some((c) => c.type === "Failed" && c.status === "True")
        ? job
        : undefined;
    });
    expect(failed.status?.failed).toBe(2);
    expect(failed.status?.succeeded).toBeUndefined();
  });
});

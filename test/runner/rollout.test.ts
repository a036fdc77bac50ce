import type { IDeployment, IStatefulSet } from "kubernetes-models/apps/v1";
import type { IPod } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import {
  deploymentRolledOut,
  podProblem,
  statefulSetRolledOut,
} from "../../runner/kube/rollout.ts";

/** Only the fields the rollout checks read; the rest of a real object does not matter here. */
const deployment = (status: object, generation = 2, replicas = 2) =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", generation },
    spec: { replicas },
    status,
  }) as IDeployment;

/** Status of generation 2 fully rolled out; each case changes the one field it is about. */
const ROLLED_OUT = { observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 2 };

describe("rollout status", () => {
  it("waits for the controller to observe the latest generation", () => {
    expect(deploymentRolledOut(deployment({ ...ROLLED_OUT, observedGeneration: 1 }))).toBe(false);
  });

  it("waits while old replicas remain or new ones are unavailable", () => {
    expect(deploymentRolledOut(deployment({ ...ROLLED_OUT, replicas: 3 }))).toBe(false);
    expect(deploymentRolledOut(deployment({ ...ROLLED_OUT, availableReplicas: 1 }))).toBe(false);
    expect(deploymentRolledOut(deployment(ROLLED_OUT))).toBe(true);
  });

  it("fails with the controller's reason when pods cannot be created or progress stops", () => {
    const quota = {
      type: "ReplicaFailure",
      status: "True",
      message: "exceeded quota: tenant-quota",
    };
    expect(() => deploymentRolledOut(deployment({ conditions: [quota] }))).toThrow(
      "exceeded quota: tenant-quota",
    );
    const stalled = {
      type: "Progressing",
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: "timed out",
    };
    expect(() => deploymentRolledOut(deployment({ conditions: [stalled] }))).toThrow(
      "made no progress",
    );
  });

  it("waits for a StatefulSet's update revision to be ready", () => {
    const set = (status: object) =>
      ({
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "database", generation: 1 },
        spec: { replicas: 1 },
        status: { observedGeneration: 1, ...status },
      }) as IStatefulSet;
    expect(statefulSetRolledOut(set({ readyReplicas: 0 }))).toBe(false);
    expect(
      statefulSetRolledOut(set({ readyReplicas: 1, currentRevision: "a", updateRevision: "b" })),
    ).toBe(false);
    expect(
      statefulSetRolledOut(
        set({ readyReplicas: 1, updatedReplicas: 1, currentRevision: "b", updateRevision: "b" }),
      ),
    ).toBe(true);
  });
});

describe("stuck pods", () => {
  const pod = (status: object) =>
    ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-1" }, status }) as IPod;

  it("names a crash loop with the last exit", () => {
    expect(
      podProblem(
        pod({
          containerStatuses: [
            {
              name: "app",
              state: { waiting: { reason: "CrashLoopBackOff" } },
              lastState: { terminated: { exitCode: 3, reason: "Error", message: "boom" } },
            },
          ],
        }),
      ),
    ).toEqual({
      pod: "web-1",
      container: "app",
      reason: "CrashLoopBackOff",
      detail: "last exit code 3 (Error): boom",
    });
  });

  it("names an unschedulable pod and leaves a starting one alone", () => {
    expect(
      podProblem(
        pod({
          conditions: [
            { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "no nodes" },
          ],
        }),
      )?.reason,
    ).toBe("Unschedulable");
    expect(
      podProblem(
        pod({
          containerStatuses: [{ name: "app", state: { waiting: { reason: "ContainerCreating" } } }],
        }),
      ),
    ).toBeNull();
  });
});

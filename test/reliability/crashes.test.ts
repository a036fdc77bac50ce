/**
 * The runner process killed outright (SIGKILL) right after each stage in turn: the watchdog
 * re-dispatches, the restarted runner runs the next attempt, and the tenant converges to the
 * same objects with the same content as a tenant whose provisioning was never interrupted.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVISION_STAGES } from "../../worker/contracts/index.ts";
import { readEvents, startTestStack, type TestStack } from "../e2e/harness.ts";
import { sampleRepository } from "../e2e/sample-repository.ts";
import {
  type Created,
  clusterClients,
  createTenant,
  imageService,
  namespaceOf,
  setConfig,
  stageStarts,
} from "./support.ts";

/** What a tenant's namespace holds; Secrets are compared by their keys (passwords are random). */
const KINDS = [
  ["v1", "ServiceAccount"],
  ["v1", "Service"],
  ["v1", "Secret"],
  ["v1", "ConfigMap"],
  ["v1", "PersistentVolumeClaim"],
  ["v1", "ResourceQuota"],
  ["v1", "LimitRange"],
  ["apps/v1", "Deployment"],
  ["apps/v1", "StatefulSet"],
  ["rbac.authorization.k8s.io/v1", "Role"],
  ["rbac.authorization.k8s.io/v1", "RoleBinding"],
  ["networking.k8s.io/v1", "NetworkPolicy"],
  ["traefik.io/v1alpha1", "IngressRoute"],
  ["cert-manager.io/v1", "Certificate"],
] as const;

/** Fields the cluster fills in per object (addresses, volume bindings), not the pipeline. */
const ASSIGNED = new Set(["clusterIP", "clusterIPs", "volumeName"]);

const withoutAssigned = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutAssigned);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !ASSIGNED.has(key))
      .map(([key, inner]) => [key, withoutAssigned(inner)]),
  );
};

type Snapshot = Record<string, unknown>;

describe.sequential("the runner killed after each stage", () => {
  let stack: TestStack;
  let repository: string;
  let reference: Snapshot;

  const provision = (slug: string) =>
    createTenant(stack, slug, {
      services: [
        {
          name: "web",
          source: { type: "git", url: repository, ref: "main" },
          port: 3000,
          // So that the release stage runs, and a kill after it is tried too.
          releaseCommand: "echo migrating",
        },
        { ...imageService, name: "cache" },
      ],
      database: { engine: "postgres", version: "16" },
    });

  /** The tenant's objects with its own ids and names replaced, so two tenants compare. */
  const snapshot = async (created: Created): Promise<Snapshot> => {
    const { objects } = clusterClients(stack);
    const namespace = namespaceOf(created.tenant.id);
    const found: Snapshot = {};
    for (const [apiVersion, kind] of KINDS) {
      const list = await objects.list(apiVersion, kind, namespace);
      for (const item of list.items as (KubernetesObject & Record<string, unknown>)[]) {
        const { metadata, status: _status, ...content } = item;
        const body =
          kind === "Secret"
            ? { type: content.type, keys: Object.keys((content.data as object) ?? {}).sort() }
            : withoutAssigned(content);
        found[`${kind}/${metadata?.name}`] = {
          labels: metadata?.labels ?? {},
          annotations: metadata?.annotations ?? {},
          body,
        };
      }
    }
    // Digests and checksums differ between two tenants (their own passwords and images); that
    // they did not change across the crash is what one ReplicaSet per Deployment shows.
    const text = JSON.stringify(found)
      .replaceAll(/sha256:[0-9a-f]{64}/g, "sha256:<digest>")
      .replaceAll(/("enclave\.dev\/[a-z-]*checksum":)"[0-9a-f]+"/g, '$1"<checksum>"')
      .replaceAll(namespace, "<namespace>")
      .replaceAll(created.tenant.id, "<tenant>")
      .replaceAll(created.deployment.id, "<deployment>")
      .replaceAll(created.tenant.slug, "<slug>");
    return JSON.parse(text) as Snapshot;
  };

  beforeAll(async () => {
    repository = sampleRepository();
    stack = await startTestStack({ quiet: true, clusterEnv: { ENCLAVE_CLUSTER_TIMINGS: "test" } });
    await setConfig(stack, "timeouts", { watchdogSeconds: 5 });
    const created = await provision("reference");
    expect((await readEvents(stack, created.deployment.id)).at(-1)?.type).toBe("deployment.ready");
    reference = await snapshot(created);
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  for (const stage of PROVISION_STAGES) {
    it(`converges to the same objects after a SIGKILL right after ${stage}`, async () => {
      const created = await provision(`killed-after-${stage}`);
      const head = await readEvents(stack, created.deployment.id, {
        until: (e) => e.stage === stage && e.type === "stage.completed",
      });
      expect(head.at(-1)?.type).toBe("stage.completed");
      await stack.stopRunner("SIGKILL");
      await stack.startRunner();
      const tail = await readEvents(stack, created.deployment.id, {
        lastEventId: head.at(-1)?.id,
      });
      const events = [...head, ...tail];
      expect(events.at(-1)?.type, JSON.stringify(events.slice(-3))).toBe("deployment.ready");
      // After route (health takes moments in the embedded cluster) and after health the ready
      // event may already have been on its way: then nothing is retried.
      if (stage !== "health" && stage !== "route") {
        expect(events.some((e) => e.attempt === 2)).toBe(true);
      }
      const starts = stageStarts(events);
      expect(
        Object.values(starts).every((count) => count === 1),
        JSON.stringify(starts),
      ).toBe(true);
      expect(await snapshot(created)).toEqual(reference);
      const { objects } = clusterClients(stack);
      const namespace = namespaceOf(created.tenant.id);
      const replicaSets = await objects.list("apps/v1", "ReplicaSet", namespace);
      const deployments = await objects.list("apps/v1", "Deployment", namespace);
      expect(replicaSets.items).toHaveLength(deployments.items.length);
    });
  }
});

import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import type { KubeObject } from "../../runner/cluster/api/types.ts";
import type { PersistedState } from "../../runner/cluster/store/persistence.ts";
import {
  databaseSecretManifest,
  databaseServiceManifest,
  databaseStatefulSetManifest,
} from "../../runner/manifests/database.ts";
import { namespaceManifest } from "../../runner/manifests/namespace.ts";
import { networkPolicyManifests } from "../../runner/manifests/network.ts";
import { limitRangeManifest, resourceQuotaManifest } from "../../runner/manifests/quota.ts";
import {
  roleBindingManifest,
  roleManifest,
  serviceAccountManifest,
} from "../../runner/manifests/rbac.ts";
import { certificateManifest, ingressRouteManifest } from "../../runner/manifests/routing.ts";
import {
  deploymentManifest,
  envSecretManifest,
  serviceManifest,
} from "../../runner/manifests/workload.ts";
import { deploymentSpec } from "../runner/support/fixtures.ts";

const TIME = "2026-01-01T00:00:00Z";
const running = (name: string) => ({
  phase: "Running",
  podIP: "10.42.0.2",
  startTime: TIME,
  conditions: ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({
    type,
    status: "True",
    lastTransitionTime: TIME,
  })),
  containerStatuses: [
    { name, ready: true, started: true, restartCount: 0, state: { running: { startedAt: TIME } } },
  ],
});

/** A pod of a workload's template, running and ready, as a tenant's pods are once provisioned. */
/** A running pod of a Deployment's or StatefulSet's template, as the kubelet would report it. */
function podOf(
  workload: { metadata?: { namespace?: string }; spec?: unknown },
  name: string,
): KubeObject {
  const { template } = workload.spec as {
    template: { metadata: KubeObject["metadata"]; spec: { containers: { name: string }[] } };
  };
  const container = template.spec.containers[0]?.name ?? "";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...template.metadata, name, namespace: workload.metadata?.namespace },
    spec: { ...template.spec, nodeName: "enclave-node" },
    status: running(container),
  };
}

/** The objects one provisioned tenant leaves in the cluster (app, database, routing, guard rails). */
export function tenantObjects(): KubeObject[] {
  const spec = deploymentSpec();
  const service = spec.services[0];
  if (!service || !spec.database) throw new Error("the fixture has a service and a database");
  const workload = { service, image: "registry.local/t/web@sha256:0", platformEnv: {} };
  const deployment = deploymentManifest(spec, workload);
  const statefulSet = databaseStatefulSetManifest(spec, spec.database, "pw");
  const manifests = [
    namespaceManifest(spec),
    serviceAccountManifest(spec),
    roleManifest(spec),
    roleBindingManifest(spec),
    resourceQuotaManifest(spec),
    limitRangeManifest(spec),
    ...networkPolicyManifests(spec),
    envSecretManifest(spec, workload),
    deployment,
    serviceManifest(spec, service),
    databaseSecretManifest(spec, spec.database, "pw"),
    statefulSet,
    databaseServiceManifest(spec, spec.database),
    ingressRouteManifest(spec),
    certificateManifest(spec),
  ];
  const replicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { ...deployment.metadata, name: `${deployment.metadata.name}-5d8f7c9b4` },
    spec: deployment.spec,
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
  };
  const objects = [
    ...manifests,
    replicaSet,
    podOf(deployment, `${deployment.metadata.name}-5d8f7c9b4-x2x7q`),
    podOf(statefulSet, "database-0"),
  ] as unknown as KubeObject[];
  let version = 0;
  for (const object of objects) {
    version += 1;
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = TIME;
    object.metadata.resourceVersion = String(version);
  }
  return objects;
}

/** A cluster state file of the earlier JSON format holding `tenants` provisioned tenants. */
export function writeLegacyState(
  path: string,
  tenants: number,
): { objects: number; bytes: number } {
  const objects = Array.from({ length: tenants }, tenantObjects).flat();
  const state: PersistedState = {
    store: { resourceVersion: objects.length + 1, objects },
    tokens: { adminToken: `enclave-admin-${randomUUID()}`, serviceAccountTokens: {} },
  };
  const body = JSON.stringify(state);
  writeFileSync(path, body, { mode: 0o600 });
  return { objects: objects.length, bytes: body.length };
}

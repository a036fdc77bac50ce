import { mustFindByKind } from "../api/catalog.ts";
import {
  asArray,
  asObject,
  field,
  isJsonObject,
  type JsonObject,
  type KubeObject,
} from "../api/types.ts";
import { type ControllerDeps, controllerWrite, splitKey, watchTypes } from "./deps.ts";
import {
  errorMessage,
  isPodReady,
  ownedBy,
  recordEvent,
  templateHash,
  writeStatus,
} from "./helpers.ts";
import { podFromTemplate } from "./replicaset.ts";
import { WorkQueue } from "./scheduler.ts";

const statefulSets = mustFindByKind("apps/v1", "StatefulSet");
const pods = mustFindByKind("v1", "Pod");
const claims = mustFindByKind("v1", "PersistentVolumeClaim");
const REVISION_LABEL = "controller-revision-hash";

/** The pod for ordinal `index`, with a claim per volumeClaimTemplate mounted under the template's name. */
function podFor(set: KubeObject, index: number, revision: string): KubeObject {
  const name = set.metadata.name ?? "";
  const pod = podFromTemplate(set, `${name}-${index}`);
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [REVISION_LABEL]: revision,
    "statefulset.kubernetes.io/pod-name": `${name}-${index}`,
    "apps.kubernetes.io/pod-index": String(index),
  };
  const spec = asObject(pod.spec);
  spec.hostname = `${name}-${index}`;
  const service = field(set, "spec", "serviceName");
  if (typeof service === "string" && service) spec.subdomain = service;
  const volumes = asArray(spec.volumes).filter(isJsonObject);
  for (const template of asArray(field(set, "spec", "volumeClaimTemplates"))) {
    const claimName = String(field(template, "metadata", "name"));
    if (!volumes.some((v) => v.name === claimName)) {
      volumes.push({
        name: claimName,
        persistentVolumeClaim: { claimName: `${claimName}-${name}-${index}` },
      });
    }
  }
  if (volumes.length) spec.volumes = volumes;
  pod.spec = spec;
  return pod;
}

/**
 * StatefulSet controller: ordinal pods created in order (each after the previous is
 * Ready), a PVC per claim template and ordinal (kept on deletion, as the default
 * Retain policy does), and pods replaced one at a time when the template changes.
 */
export function startStatefulSetController(deps: ControllerDeps): void {
  const queue: WorkQueue = new WorkQueue(deps.scheduler, async (key) => {
    const [namespace, name] = splitKey(key);
    const set = deps.store.get(statefulSets, namespace, name);
    if (!set || set.metadata.deletionTimestamp) return;
    const desired = Number(field(set, "spec", "replicas") ?? 1);
    const revision = `${name}-${templateHash(field(set, "spec", "template")).slice(0, 10)}`;
    const owned = deps.store.list(pods, namespace).filter(ownedBy(set));
    for (let index = 0; index < desired; index += 1) {
      const existing = owned.find((p) => p.metadata.name === `${name}-${index}`);
      if (existing) {
        if (existing.metadata.labels?.[REVISION_LABEL] !== revision && owned.every(isPodReady)) {
          deps.store.remove(pods, namespace, existing.metadata.name ?? "");
          return;
        }
        if (!isPodReady(existing)) break;
        continue;
      }
      try {
        for (const template of asArray(field(set, "spec", "volumeClaimTemplates"))) {
          const claimName = `${String(field(template, "metadata", "name"))}-${name}-${index}`;
          if (deps.store.get(claims, namespace, claimName)) continue;
          await deps.writes.create(
            claims,
            {
              apiVersion: "v1",
              kind: "PersistentVolumeClaim",
              metadata: {
                name: claimName,
                namespace,
                labels: {
                  ...(asObject(field(set, "spec", "selector", "matchLabels")) as Record<
                    string,
                    string
                  >),
                },
              },
              spec: structuredClone(asObject(field(template, "spec"))),
            },
            controllerWrite("statefulset-controller"),
          );
        }
        await deps.writes.create(
          pods,
          podFor(set, index, revision),
          controllerWrite("statefulset-controller"),
        );
      } catch (error) {
        recordEvent(
          deps.store,
          set,
          "Warning",
          "FailedCreate",
          `create Pod ${name}-${index} in StatefulSet ${name} failed error: ${errorMessage(error)}`,
        );
        queue.add(key, 1000);
      }
      break;
    }
    for (const pod of owned) {
      const ordinal = Number(pod.metadata.name?.slice(name.length + 1));
      if (ordinal >= desired) deps.store.remove(pods, namespace, pod.metadata.name ?? "");
    }
    const current = deps.store.list(pods, namespace).filter(ownedBy(set));
    const ready = current.filter(isPodReady).length;
    const updated = current.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
    const status: JsonObject = {
      ...asObject(set.status),
      observedGeneration: set.metadata.generation ?? 1,
      replicas: current.length,
      readyReplicas: ready,
      currentReplicas: updated,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
    if (ready === 0) delete status.readyReplicas;
    writeStatus(deps.store, set, status);
  });
  watchTypes(deps, statefulSets, (key) => queue.add(key), [pods]);
}

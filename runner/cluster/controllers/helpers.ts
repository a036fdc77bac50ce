import { createHash, randomBytes } from "node:crypto";
import { mustFindByKind } from "../api/catalog.ts";
import { ApiError } from "../api/errors.ts";
import {
  asArray,
  field,
  isJsonObject,
  type JsonObject,
  type KubeObject,
  type OwnerReference,
} from "../api/types.ts";
import { canonical } from "../patch/list-keys.ts";
import type { ObjectStore } from "../store/store.ts";

const events = mustFindByKind("v1", "Event");
export const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const ownedBy = (owner: KubeObject) => (object: KubeObject) =>
  object.metadata.ownerReferences?.some(
    (ref) => ref.uid === owner.metadata.uid && ref.controller,
  ) ?? false;

/** A short stable hash in the alphabet Kubernetes uses for pod-template-hash. */
export function templateHash(template: unknown): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  const digest = createHash("sha256").update(canonical(template)).digest();
  return [...digest.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join("");
}

export const randomSuffix = () =>
  [...randomBytes(5)].map((b) => "bcdfghjklmnpqrstvwxz2456789"[b % 27]).join("");

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/** Sets a condition, keeping lastTransitionTime unless the status changes. */
export function setCondition(
  status: JsonObject,
  condition: Condition,
  withUpdateTime = false,
): void {
  const conditions = asArray(status.conditions).filter(isJsonObject);
  const existing = conditions.find((c) => c.type === condition.type);
  const at = now();
  const next: JsonObject = {
    ...condition,
    lastTransitionTime:
      existing && existing.status === condition.status ? (existing.lastTransitionTime ?? at) : at,
    ...(withUpdateTime
      ? {
          lastUpdateTime:
            existing && existing.status === condition.status && existing.reason === condition.reason
              ? (existing.lastUpdateTime ?? at)
              : at,
        }
      : {}),
  };
  status.conditions = existing
    ? conditions.map((c) => (c === existing ? next : c))
    : [...conditions, next];
}

export const conditionOf = (object: unknown, type: string) =>
  asArray(field(object, "status", "conditions")).find((c) => field(c, "type") === type);

export const isPodReady = (pod: KubeObject) =>
  field(conditionOf(pod, "Ready"), "status") === "True";
export const podPhase = (pod: KubeObject) => String(field(pod, "status", "phase") ?? "Pending");
/** A pod that still counts towards its owner: neither finished nor being deleted. */
export const isPodActive = (pod: KubeObject) =>
  !pod.metadata.deletionTimestamp && !["Succeeded", "Failed"].includes(podPhase(pod));

/** Writes status only when it changed, so controllers do not loop on their own updates. */
export function writeStatus(store: ObjectStore, object: KubeObject, status: JsonObject): void {
  const current = store.get(
    mustFindByKind(object.apiVersion, object.kind),
    object.metadata.namespace,
    object.metadata.name ?? "",
  );
  if (!current || canonical(current.status) === canonical(status)) return;
  store.update(mustFindByKind(object.apiVersion, object.kind), { ...current, status });
}

/** Records a core/v1 Event, as controllers do for what an operator should see. */
export function recordEvent(
  store: ObjectStore,
  about: KubeObject,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
): void {
  if (!about.metadata.namespace) return;
  const at = now();
  try {
    store.create(events, {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        name: `${about.metadata.name}.${randomBytes(8).toString("hex")}`,
        namespace: about.metadata.namespace,
      },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        name: about.metadata.name,
        namespace: about.metadata.namespace,
        uid: about.metadata.uid,
        resourceVersion: about.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: "embedded-cluster" },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      reportingComponent: "embedded-cluster",
      reportingInstance: "",
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

export const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

import type { ResourceType } from "../api/catalog.ts";
import { ApiError } from "../api/errors.ts";
import {
  clone,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type KubeObject,
  type ManagedFieldsEntry,
} from "../api/types.ts";
import {
  describePath,
  type FieldSet,
  fieldSetOf,
  fromFieldsV1,
  removeFields,
  toFieldsV1,
  valueAt,
} from "./field-set.ts";
import { deepEqual, itemKey, listKindOf } from "./list-keys.ts";

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

interface Ownership {
  entry: ManagedFieldsEntry;
  fields: FieldSet;
}

const ownershipOf = (object: KubeObject): Ownership[] =>
  (object.metadata.managedFields ?? []).map((entry) => ({
    entry,
    fields: fromFieldsV1(entry.fieldsV1 ?? {}),
  }));

function storeOwnership(object: KubeObject, owners: Ownership[]): void {
  const kept = owners
    .filter((o) => o.fields.size > 0)
    .map((o) => ({ ...o.entry, fieldsV1: toFieldsV1(o.fields) }));
  if (kept.length) object.metadata.managedFields = kept;
  else delete object.metadata.managedFields;
}

/** Merges an applied configuration into the live object: maps deep, keyed lists by key. */
function mergeApplied(
  live: JsonValue | undefined,
  applied: JsonValue,
  name: string,
  custom: boolean,
): JsonValue {
  if (isJsonObject(applied)) {
    const result: JsonObject = isJsonObject(live) ? clone(live) : {};
    for (const [key, value] of Object.entries(applied)) {
      if (value !== undefined) result[key] = mergeApplied(result[key], value, key, custom);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const kind = listKindOf(name, [...applied, ...live], custom);
    if (kind.type === "set") {
      return [...live, ...applied.filter((v) => !live.some((l) => deepEqual(l, v)))];
    }
    if (kind.type === "map") {
      const result = clone(live);
      for (const item of applied) {
        const key = itemKey(item, kind.keys);
        const index = result.findIndex((r) => key !== undefined && itemKey(r, kind.keys) === key);
        if (index >= 0) result[index] = mergeApplied(result[index], item, "", custom);
        else result.push(clone(item));
      }
      return result;
    }
  }
  return clone(applied);
}

export interface ApplyRequest {
  type: ResourceType;
  custom: boolean;
  live: KubeObject;
  applied: KubeObject;
  manager: string;
  force: boolean;
  subresource?: string;
}

/**
 * Server-side apply: conflicts with other managers that own a field at a different
 * value (unless forced, which takes the field over), removal of fields this manager
 * applied before and no longer applies (unless someone else owns them), then merge.
 */
export function serverSideApply(request: ApplyRequest): KubeObject {
  const { live, applied, manager, force, custom, subresource } = request;
  const appliedFields = fieldSetOf(applied, custom, subresource);
  const owners = ownershipOf(live);
  const conflicts: { manager: string; apiVersion: string; path: string }[] = [];
  for (const owner of owners) {
    if (owner.entry.manager === manager && owner.entry.operation === "Apply") continue;
    for (const path of appliedFields) {
      if (!owner.fields.has(path) || path.split("\n").at(-1)?.startsWith("k:")) continue;
      if (deepEqual(valueAt(live, path), valueAt(applied, path))) continue;
      if (force) owner.fields.delete(path);
      else
        conflicts.push({ manager: owner.entry.manager, apiVersion: owner.entry.apiVersion, path });
    }
  }
  if (conflicts.length) {
    const lines = conflicts.map(
      (c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${describePath(c.path)}`,
    );
    const message =
      conflicts.length === 1
        ? `Apply failed with 1 conflict: ${lines[0]}`
        : `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
    throw new ApiError(409, "Conflict", message, {
      causes: conflicts.map((c) => ({
        reason: "FieldManagerConflict",
        message: `conflict with "${c.manager}" using ${c.apiVersion}`,
        field: describePath(c.path),
      })),
    });
  }
  const mine = owners.find(
    (o) =>
      o.entry.manager === manager &&
      o.entry.operation === "Apply" &&
      o.entry.subresource === subresource,
  );
  const result = clone(live);
  removeFields(
    result,
    [...(mine?.fields ?? [])].filter(
      (path) => !appliedFields.has(path) && !owners.some((o) => o !== mine && o.fields.has(path)),
    ),
  );
  const { apiVersion: _a, kind: _k, ...content } = applied;
  const merged = mergeApplied(
    result as unknown as JsonObject,
    subresource === "status" ? { status: applied.status as JsonValue } : (content as JsonObject),
    "",
    custom,
  ) as KubeObject;
  // An apply that changes nothing is no write at all, as kube-apiserver treats it: the entry
  // keeps its time, so the object (and its resourceVersion) stays exactly as it was.
  const unchanged =
    mine !== undefined &&
    mine.entry.apiVersion === applied.apiVersion &&
    mine.fields.size === appliedFields.size &&
    [...appliedFields].every((path) => mine.fields.has(path)) &&
    deepEqual(merged as unknown as JsonValue, live as unknown as JsonValue);
  const entry: ManagedFieldsEntry = {
    manager,
    operation: "Apply",
    apiVersion: applied.apiVersion,
    time: unchanged ? mine.entry.time : now(),
    fieldsType: "FieldsV1",
    fieldsV1: {},
    ...(subresource ? { subresource } : {}),
  };
  const others = owners.filter((o) => o !== mine);
  storeOwnership(merged, [...others, { entry, fields: appliedFields }]);
  return merged;
}

/**
 * Ownership after a non-apply write (create, update, patch): the writer takes every field
 * it changed, others keep what is still there unchanged, as kube-apiserver records it.
 */
export function recordUpdate(
  type: ResourceType,
  custom: boolean,
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string,
  subresource?: string,
): KubeObject {
  const afterFields = fieldSetOf(after, custom, subresource);
  const owners = before ? ownershipOf(before) : [];
  const changed = new Set(
    [...afterFields].filter((p) => !before || !deepEqual(valueAt(before, p), valueAt(after, p))),
  );
  for (const owner of owners) {
    for (const path of owner.fields) {
      const removed =
        subresource === undefined && !path.startsWith("f:status") && !afterFields.has(path);
      if (removed || changed.has(path)) owner.fields.delete(path);
    }
  }
  if (changed.size) {
    let mine = owners.find(
      (o) =>
        o.entry.manager === manager &&
        o.entry.operation === "Update" &&
        o.entry.subresource === subresource,
    );
    if (!mine) {
      mine = {
        entry: {
          manager,
          operation: "Update",
          apiVersion: `${type.group ? `${type.group}/` : ""}${type.version}`,
          time: now(),
          fieldsType: "FieldsV1",
          fieldsV1: {},
          ...(subresource ? { subresource } : {}),
        },
        fields: new Set(),
      };
      owners.push(mine);
    }
    mine.entry.time = now();
    for (const path of changed) mine.fields.add(path);
  }
  const result = clone(after);
  storeOwnership(result, owners);
  return result;
}

import { isJsonObject, type JsonObject, type JsonValue } from "../api/types.ts";
import { itemKey, listKindOf } from "./list-keys.ts";

/**
 * Sets of field paths in the shape of managedFields' FieldsV1: `f:<field>` for map
 * fields, `k:{...}` for items of keyed lists, `v:<value>` for set members. A path is
 * its segments joined by newlines; an item of a keyed list is itself a member, so
 * that removing an item from an applied configuration removes it from the object.
 */
export type FieldSet = Set<string>;

const SEP = "\n";
const TOP_LEVEL_SKIP = new Set(["apiVersion", "kind", "status", "metadata"]);
const METADATA_TRACKED = new Set(["labels", "annotations", "finalizers", "ownerReferences"]);

export function fieldSetOf(object: object, custom: boolean, subresource?: string): FieldSet {
  const set: FieldSet = new Set();
  for (const [key, value] of Object.entries(object as JsonObject)) {
    if (value === undefined) continue;
    if (subresource === "status") {
      if (key === "status") walk(value, ["f:status"], key, set, custom);
      continue;
    }
    if (key === "metadata" && isJsonObject(value)) {
      for (const [metaKey, metaValue] of Object.entries(value)) {
        if (METADATA_TRACKED.has(metaKey) && metaValue !== undefined) {
          walk(metaValue, ["f:metadata", `f:${metaKey}`], metaKey, set, custom);
        }
      }
    } else if (!TOP_LEVEL_SKIP.has(key)) walk(value, [`f:${key}`], key, set, custom);
  }
  return set;
}

function walk(value: JsonValue, path: string[], name: string, set: FieldSet, custom: boolean) {
  // An empty map owns nothing: it carries no value another manager could conflict with.
  if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined) walk(child, [...path, `f:${key}`], key, set, custom);
    }
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    const kind = listKindOf(name, value, custom);
    if (kind.type === "set") {
      for (const item of value) set.add([...path, `v:${JSON.stringify(item)}`].join(SEP));
      return;
    }
    if (kind.type === "map" && value.every((item) => itemKey(item, kind.keys) !== undefined)) {
      for (const item of value) {
        const itemPath = [...path, `k:${itemKey(item, kind.keys)}`];
        set.add(itemPath.join(SEP));
        walk(item, itemPath, "", set, custom);
      }
      return;
    }
  }
  set.add(path.join(SEP));
}

export const segmentsOf = (path: string): string[] => path.split(SEP);

export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const path of [...set].sort()) {
    let node = root;
    const segments = segmentsOf(path);
    for (const segment of segments) {
      const next = node[segment];
      if (isJsonObject(next)) {
        node = next;
      } else {
        const created = {};
        node[segment] = created;
        node = created;
      }
    }
  }
  for (const path of set) {
    if (!segmentsOf(path).at(-1)?.startsWith("k:")) continue;
    let node: JsonObject = root;
    for (const segment of segmentsOf(path)) node = node[segment] as JsonObject;
    node["."] = {};
  }
  return root;
}

export function fromFieldsV1(fields: JsonObject): FieldSet {
  const set: FieldSet = new Set();
  const visit = (node: JsonObject, path: string[]) => {
    const children = Object.entries(node);
    if (children.length === 0) {
      set.add(path.join(SEP));
      return;
    }
    for (const [segment, child] of children) {
      if (segment === ".") set.add(path.join(SEP));
      else if (isJsonObject(child)) visit(child, [...path, segment]);
    }
  };
  visit(fields, []);
  set.delete("");
  return set;
}

function step(container: JsonValue | undefined, segment: string): JsonValue | undefined {
  if (segment.startsWith("f:"))
    return isJsonObject(container) ? container[segment.slice(2)] : undefined;
  if (!Array.isArray(container)) return undefined;
  if (segment.startsWith("v:"))
    return container.find((v) => JSON.stringify(v) === segment.slice(2));
  const wanted = JSON.parse(segment.slice(2)) as JsonObject;
  return container.find((item) => itemKey(item, Object.keys(wanted)) === segment.slice(2));
}

export function valueAt(object: unknown, path: string): JsonValue | undefined {
  let current = object as JsonValue | undefined;
  for (const segment of segmentsOf(path)) current = step(current, segment);
  return current;
}

/**
 * Removes the fields, list items and set members the paths name, as structured-merge-diff
 * prunes: an item goes whole with its `k:` path (its own fields are not stripped first,
 * which would lose the key that finds it), the key fields of an item that stays are kept,
 * and a list left empty is dropped, as the typed object omits it. Emptied maps stay.
 */
export function removeFields(object: unknown, paths: Iterable<string>): void {
  const removing = new Set(paths);
  const ordered = [...removing].sort((a, b) => segmentsOf(a).length - segmentsOf(b).length);
  for (const path of ordered) {
    const segments = segmentsOf(path);
    const ancestors = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join(SEP));
    if (ancestors.some((a) => removing.has(a))) continue;
    if (isKeyOfItem(segments)) continue;
    removeOne(object, segments);
  }
}

function isKeyOfItem(segments: string[]): boolean {
  const [parent, last] = segments.slice(-2);
  if (!parent?.startsWith("k:") || !last?.startsWith("f:")) return false;
  return last.slice(2) in (JSON.parse(parent.slice(2)) as JsonObject);
}

function removeOne(object: unknown, segments: string[]): void {
  let holder: JsonValue | undefined;
  let container = object as JsonValue | undefined;
  for (const segment of segments.slice(0, -1)) {
    holder = container;
    container = step(container, segment);
  }
  const last = segments.at(-1) ?? "";
  if (last.startsWith("f:") && isJsonObject(container)) {
    delete container[last.slice(2)];
  } else if (Array.isArray(container)) {
    const index = container.indexOf(step(container, last) as JsonValue);
    if (index >= 0) container.splice(index, 1);
    const listField = segments.at(-2) ?? "";
    if (container.length === 0 && isJsonObject(holder) && listField.startsWith("f:"))
      delete holder[listField.slice(2)];
  }
}

/** Renders a path the way apply conflicts name fields: `.spec.replicas`. */
export function describePath(path: string): string {
  return segmentsOf(path)
    .map((s) => (s.startsWith("f:") ? `.${s.slice(2)}` : `[${s.slice(2)}]`))
    .join("");
}

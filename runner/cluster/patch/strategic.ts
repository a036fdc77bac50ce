import { clone, isJsonObject, type JsonObject, type JsonValue } from "../api/types.ts";
import { itemKey, listKindOf } from "./list-keys.ts";

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for the list keys in
 * list-keys.ts, with the directives kubectl's client-side apply emits: `$patch`,
 * `$retainKeys`, `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>`.
 */
export function strategicMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return clone(patch);
  if (patch.$patch === "replace") {
    const { $patch: _, ...rest } = patch;
    return clone(rest) as JsonObject;
  }
  const result: JsonObject = isJsonObject(target) ? clone(target) : {};
  const retain = patch.$retainKeys;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || key === "$patch" || key === "$retainKeys") continue;
    if (key.startsWith("$setElementOrder/")) continue;
    if (key.startsWith("$deleteFromPrimitiveList/")) {
      const name = key.slice("$deleteFromPrimitiveList/".length);
      const drop = Array.isArray(value) ? value.map((v) => JSON.stringify(v)) : [];
      const current = result[name];
      if (Array.isArray(current)) {
        result[name] = current.filter((v) => !drop.includes(JSON.stringify(v)));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, result[key], value, patch[`$setElementOrder/${key}`]);
    } else if (isJsonObject(value) && value.$patch === "delete") {
      delete result[key];
    } else {
      result[key] = strategicMergePatch(result[key], value);
    }
  }
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) {
      if (!retain.includes(key)) delete result[key];
    }
  }
  return result;
}

function mergeList(
  fieldName: string,
  current: JsonValue | undefined,
  patch: JsonValue[],
  order: JsonValue | undefined,
): JsonValue[] {
  const existing = Array.isArray(current) ? current : [];
  const kind = listKindOf(fieldName, [...patch, ...existing], false);
  if (kind.type === "atomic")
    return clone(patch.filter((p) => !(isJsonObject(p) && "$patch" in p)));
  if (kind.type === "set") {
    const merged = [...existing];
    for (const value of patch) {
      if (!merged.some((v) => JSON.stringify(v) === JSON.stringify(value))) merged.push(value);
    }
    return merged;
  }
  const mergeKey = kind.keys.slice(0, 1);
  const result = clone(existing);
  for (const item of patch) {
    if (isJsonObject(item) && item.$patch === "replace") return clone(patch);
    const key = itemKey(item, mergeKey);
    const index = result.findIndex((r) => key !== undefined && itemKey(r, mergeKey) === key);
    if (isJsonObject(item) && item.$patch === "delete") {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMergePatch(result[index], item);
    } else {
      result.push(strategicMergePatch(undefined, item));
    }
  }
  if (!Array.isArray(order)) return result;
  const rank = (item: JsonValue) => {
    const key = itemKey(item, mergeKey);
    const at = order.findIndex((o) => itemKey(o, mergeKey) === key);
    return at < 0 ? order.length : at;
  };
  return result.sort((a, b) => rank(a) - rank(b));
}

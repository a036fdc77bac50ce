import type { JsonValue } from "../api/types.ts";
import { isJsonObject } from "../api/types.ts";

/**
 * How a list merges, for strategic merge patch and server-side apply: by key fields
 * (`x-kubernetes-list-type: map`, `patchMergeKey`), as a set of scalars, or atomically.
 * Keyed on the field name, which is unambiguous for the kinds the embedded cluster serves.
 * `keys` are apply's `x-kubernetes-list-map-keys`; the first is also the strategic merge
 * patch's `patchMergeKey` (ports merge by port alone there, by port and protocol in apply).
 */
export type ListKind = { type: "map"; keys: string[] } | { type: "set" } | { type: "atomic" };

const mapKeys: Record<string, string[]> = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  env: ["name"],
  volumes: ["name"],
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
  imagePullSecrets: ["name"],
  conditions: ["type"],
  ownerReferences: ["uid"],
  hostAliases: ["ip"],
  volumeClaimTemplates: [],
};

const setFields = new Set(["finalizers"]);

export function listKindOf(fieldName: string, items: JsonValue[], custom: boolean): ListKind {
  if (custom) return { type: "atomic" };
  if (setFields.has(fieldName)) return { type: "set" };
  if (fieldName === "ports") {
    const first = items.find(isJsonObject);
    if (first && "containerPort" in first)
      return { type: "map", keys: ["containerPort", "protocol"] };
    return { type: "map", keys: ["port", "protocol"] };
  }
  const keys = mapKeys[fieldName];
  return keys?.length ? { type: "map", keys } : { type: "atomic" };
}

/**
 * Schema defaults of key fields: an applied port without `protocol` is the TCP port, as
 * structured-merge-diff keys it, so it matches the defaulted live item.
 */
const keyDefaults: Record<string, JsonValue> = { protocol: "TCP" };

export function itemKey(item: JsonValue, keys: string[]): string | undefined {
  if (!isJsonObject(item)) return undefined;
  const picked: Record<string, JsonValue> = {};
  for (const key of keys) {
    const value = item[key] ?? keyDefaults[key];
    if (value === undefined) return undefined;
    picked[key] = value;
  }
  return JSON.stringify(picked);
}

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export const deepEqual = (a: unknown, b: unknown) => canonical(a) === canonical(b);

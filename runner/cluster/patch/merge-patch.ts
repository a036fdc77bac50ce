import { badRequest } from "../api/errors.ts";
import { clone, isJsonObject, type JsonObject, type JsonValue } from "../api/types.ts";

/** RFC 7386 JSON merge patch (`application/merge-patch+json`). */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return clone(patch);
  const result: JsonObject = isJsonObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (value !== undefined) result[key] = mergePatch(result[key], value);
  }
  return result;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

const decodePointer = (pointer: string) =>
  pointer === ""
    ? []
    : pointer
        .split("/")
        .slice(1)
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));

function parentOf(document: JsonValue, path: string[]): { parent: JsonValue; key: string } {
  let parent: JsonValue = document;
  for (const segment of path.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(parent)
      ? parent[Number(segment)]
      : isJsonObject(parent)
        ? parent[segment]
        : undefined;
    if (next === undefined) throw badRequest(`jsonpatch: missing path "/${path.join("/")}"`);
    parent = next;
  }
  return { parent, key: path.at(-1) ?? "" };
}

function read(document: JsonValue, pointer: string): JsonValue {
  const path = decodePointer(pointer);
  if (path.length === 0) return document;
  const { parent, key } = parentOf(document, path);
  const value = Array.isArray(parent)
    ? parent[Number(key)]
    : isJsonObject(parent)
      ? parent[key]
      : undefined;
  if (value === undefined) throw badRequest(`jsonpatch: missing value at "${pointer}"`);
  return value;
}

function remove(document: JsonValue, pointer: string): void {
  const { parent, key } = parentOf(document, decodePointer(pointer));
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (isJsonObject(parent) && key in parent) delete parent[key];
  else
    throw badRequest(
      `jsonpatch remove operation does not apply: doc is missing path: "${pointer}"`,
    );
}

function add(document: JsonValue, pointer: string, value: JsonValue, replace: boolean): void {
  const { parent, key } = parentOf(document, decodePointer(pointer));
  if (Array.isArray(parent)) {
    const index = key === "-" ? parent.length : Number(key);
    parent.splice(index, replace ? 1 : 0, clone(value));
  } else if (isJsonObject(parent)) {
    if (replace && !(key in parent)) {
      throw badRequest(
        `jsonpatch replace operation does not apply: doc is missing key: ${pointer}`,
      );
    }
    parent[key] = clone(value);
  } else throw badRequest(`jsonpatch: cannot add at "${pointer}"`);
}

/** RFC 6902 JSON patch (`application/json-patch+json`). */
export function jsonPatch(target: JsonValue, operations: unknown): JsonValue {
  if (!Array.isArray(operations)) throw badRequest("json patch must be an array of operations");
  const document = { root: clone(target) };
  const at = (p: string) => `/root${p}`;
  for (const raw of operations as Operation[]) {
    switch (raw.op) {
      case "add":
        add(document, at(raw.path), raw.value ?? null, false);
        break;
      case "replace":
        add(document, at(raw.path), raw.value ?? null, true);
        break;
      case "remove":
        remove(document, at(raw.path));
        break;
      case "move":
      case "copy": {
        const value = clone(read(document, at(raw.from ?? "")));
        if (raw.op === "move") remove(document, at(raw.from ?? ""));
        add(document, at(raw.path), value, false);
        break;
      }
      case "test":
        if (JSON.stringify(read(document, at(raw.path))) !== JSON.stringify(raw.value)) {
          throw badRequest(`testing value ${raw.path} failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${raw.op}`);
    }
  }
  return document.root;
}

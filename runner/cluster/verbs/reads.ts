import { groupVersion, type ResourceType } from "../api/catalog.ts";
import { ApiError, badRequest } from "../api/errors.ts";
import { parseFieldSelector, parseLabelSelector } from "../api/selectors.ts";
import type { KubeObject } from "../api/types.ts";
import type { ObjectStore } from "../store/store.ts";

export interface ListOptions {
  namespace: string | undefined;
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continueToken?: string | null;
}

export interface ListResult {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

interface ContinueState {
  rv: number;
  start: string;
}

const positionOf = (object: KubeObject) =>
  `${object.metadata.namespace ?? ""}/${object.metadata.name}`;

/** Filters by selectors; the predicate a watch uses too. */
export function objectFilter(options: Pick<ListOptions, "labelSelector" | "fieldSelector">) {
  const labels = parseLabelSelector(options.labelSelector);
  const fields = parseFieldSelector(options.fieldSelector);
  return (object: KubeObject) => labels(object.metadata.labels ?? {}) && fields(object);
}

/**
 * A list with kube-apiserver paging: `limit` cuts the result, `continue` is an opaque
 * token that resumes after the last returned object.
 */
export function listObjects(
  store: ObjectStore,
  type: ResourceType,
  options: ListOptions,
): ListResult {
  const matches = objectFilter(options);
  let items = store.list(type, options.namespace).filter(matches);
  let rv = store.resourceVersion;
  if (options.continueToken) {
    let state: ContinueState;
    try {
      state = JSON.parse(
        Buffer.from(options.continueToken, "base64url").toString(),
      ) as ContinueState;
    } catch {
      throw badRequest("continue key is not valid: illegal base64 data");
    }
    if (state.rv < store.oldestWatchable) {
      throw new ApiError(
        410,
        "Expired",
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
      );
    }
    rv = state.rv;
    items = items.filter((o) => positionOf(o) > state.start);
  }
  const result: ListResult = {
    apiVersion: groupVersion(type),
    kind: `${type.kind}List`,
    metadata: { resourceVersion: String(rv) },
    items,
  };
  if (options.limit && options.limit > 0 && items.length > options.limit) {
    result.items = items.slice(0, options.limit);
    const last = result.items.at(-1);
    const token: ContinueState = { rv, start: last ? positionOf(last) : "" };
    result.metadata.continue = Buffer.from(JSON.stringify(token)).toString("base64url");
    result.metadata.remainingItemCount = items.length - options.limit;
  }
  return result;
}

import { mustFindByKind } from "../api/catalog.ts";
import { forbidden } from "../api/errors.ts";
import { parseQuantity } from "../api/quantity.ts";
import { asArray, asObject, field, isJsonObject } from "../api/types.ts";
import type { AdmissionPlugin } from "./types.ts";

const limitRangeType = mustFindByKind("v1", "LimitRange");
const RESOURCES = ["cpu", "memory", "ephemeral-storage"];

/**
 * LimitRanger: fills a Container's missing limits from `default` and requests from
 * `defaultRequest` (or the limit), then enforces `min`/`max`, on pods only, as the
 * admission plugin does; workload templates are left as written.
 */
export const limitRanges: AdmissionPlugin = {
  name: "LimitRanger",
  mutate({ operation, type, object, store }) {
    if (type.kind !== "Pod" || operation !== "CREATE") return;
    const ranges = store.list(limitRangeType, object.metadata.namespace);
    const limits = ranges
      .flatMap((r) => asArray(field(r, "spec", "limits")).filter(isJsonObject))
      .filter((l) => l.type === "Container");
    if (limits.length === 0) return;
    for (const container of [
      ...asArray(field(object, "spec", "containers")),
      ...asArray(field(object, "spec", "initContainers")),
    ]) {
      if (!isJsonObject(container)) continue;
      const resources = asObject(container.resources);
      const containerLimits = asObject(resources.limits);
      const requests = asObject(resources.requests);
      for (const limit of limits) {
        for (const resource of RESOURCES) {
          const defaultLimit = field(limit, "default", resource);
          if (containerLimits[resource] === undefined && defaultLimit !== undefined)
            containerLimits[resource] = defaultLimit as string;
          const defaultRequest =
            field(limit, "defaultRequest", resource) ?? containerLimits[resource];
          if (requests[resource] === undefined && defaultRequest !== undefined)
            requests[resource] = defaultRequest as string;
        }
      }
      if (Object.keys(containerLimits).length) resources.limits = containerLimits;
      if (Object.keys(requests).length) resources.requests = requests;
      container.resources = resources;
    }
  },
  validate({ operation, type, object, store }) {
    if (type.kind !== "Pod" || operation !== "CREATE") return;
    const limits = store
      .list(limitRangeType, object.metadata.namespace)
      .flatMap((r) => asArray(field(r, "spec", "limits")).filter(isJsonObject))
      .filter((l) => l.type === "Container");
    const problems: string[] = [];
    for (const container of asArray(field(object, "spec", "containers"))) {
      for (const limit of limits) {
        for (const resource of RESOURCES) {
          const max = field(limit, "max", resource);
          const min = field(limit, "min", resource);
          const used = field(container, "resources", "limits", resource);
          const requested = field(container, "resources", "requests", resource);
          if (max !== undefined && used === undefined)
            problems.push(
              `maximum ${resource} usage per Container is ${String(max)}.  No limit is specified`,
            );
          else if (max !== undefined && (parseQuantity(used) ?? 0) > (parseQuantity(max) ?? 0))
            problems.push(
              `maximum ${resource} usage per Container is ${String(max)}, but limit is ${String(used)}`,
            );
          if (
            min !== undefined &&
            requested !== undefined &&
            (parseQuantity(requested) ?? 0) < (parseQuantity(min) ?? 0)
          )
            problems.push(
              `minimum ${resource} usage per Container is ${String(min)}, but request is ${String(requested)}`,
            );
        }
      }
    }
    if (problems.length) throw forbidden(type, object.metadata.name ?? "", problems.join(", "));
  },
};

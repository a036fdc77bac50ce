import { quotaUsage } from "../admission/resource-quota.ts";
import { mustFindByKind } from "../api/catalog.ts";
import { formatQuantity } from "../api/quantity.ts";
import { asObject, field } from "../api/types.ts";
import type { ControllerDeps } from "./deps.ts";
import { writeStatus } from "./helpers.ts";
import { WorkQueue } from "./scheduler.ts";

const quotas = mustFindByKind("v1", "ResourceQuota");
const events = mustFindByKind("v1", "Event");

/** Keeps each ResourceQuota's status (hard and used) current, as `kubectl describe quota` shows it. */
export function startQuotaStatusController(deps: ControllerDeps): void {
  const queue = new WorkQueue(deps.scheduler, (namespace) => {
    for (const quota of deps.store.list(quotas, namespace)) {
      const hard = asObject(field(quota, "spec", "hard"));
      const used = quotaUsage(deps.store, namespace, hard);
      writeStatus(deps.store, quota, {
        hard,
        used: Object.fromEntries(
          Object.entries(used).map(([key, value]) => [key, formatQuantity(value, key)]),
        ),
      });
    }
  });
  deps.store.subscribe((event) => {
    const namespace = event.object.metadata.namespace;
    if (!namespace || event.resource === events) return;
    if (event.resource === quotas || deps.store.list(quotas, namespace).length > 0)
      queue.add(namespace);
  });
}

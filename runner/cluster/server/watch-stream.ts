import type { ServerResponse } from "node:http";
import { groupVersion, type ResourceType } from "../api/catalog.ts";
import { gone } from "../api/errors.ts";
import type { KubeObject } from "../api/types.ts";
import type { ObjectStore, StoreEvent, WatchEventType } from "../store/store.ts";
import { objectFilter } from "../verbs/reads.ts";
import { tableOf } from "./table.ts";

export interface WatchOptions {
  type: ResourceType;
  namespace: string | undefined;
  resourceVersion: string | null;
  labelSelector: string | null;
  fieldSelector: string | null;
  bookmarks: boolean;
  bookmarkIntervalMs: number;
  timeoutSeconds: number;
  asTable: boolean;
  /** Fault injection: end the stream after this long, as a dropped watch would. */
  endAfterMs?: number | undefined;
}

/**
 * A watch as kube-apiserver streams it: one JSON event per chunk, replay from a
 * resourceVersion (or the current state as ADDED when none is given), an ERROR event
 * with 410 Expired for a compacted version, bookmarks, and a timeout.
 */
export function streamWatch(store: ObjectStore, res: ServerResponse, options: WatchOptions): void {
  const { type, namespace } = options;
  const matches = objectFilter(options);
  const inScope = (object: KubeObject) =>
    !type.namespaced || !namespace || object.metadata.namespace === namespace;
  let sentColumns = false;
  const encode = (eventType: WatchEventType | "ERROR" | "BOOKMARK", object: unknown) => {
    let payload = object;
    if (
      options.asTable &&
      (eventType === "ADDED" || eventType === "MODIFIED" || eventType === "DELETED")
    ) {
      const objectValue = object as KubeObject;
      payload = tableOf(
        type,
        [objectValue],
        objectValue.metadata.resourceVersion ?? "",
        !sentColumns,
      );
      sentColumns = true;
    }
    res.write(`${JSON.stringify({ type: eventType, object: payload })}\n`);
  };
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Transfer-Encoding": "chunked",
    "Cache-Control": "no-cache, private",
  });
  res.flushHeaders();

  const visible = new Set<string>();
  const deliver = (event: StoreEvent) => {
    if (event.resource !== type || !inScope(event.object)) return;
    const uid = event.object.metadata.uid ?? "";
    const matching = matches(event.object);
    if (event.type === "DELETED") {
      if (visible.delete(uid) || matching) encode("DELETED", event.object);
      return;
    }
    if (matching) {
      encode(visible.has(uid) ? "MODIFIED" : "ADDED", event.object);
      visible.add(uid);
    } else if (visible.delete(uid)) {
      encode("DELETED", event.object);
    }
  };

  const requested = options.resourceVersion;
  if (!requested || requested === "0") {
    for (const object of store.list(type, namespace).filter(matches)) {
      visible.add(object.metadata.uid ?? "");
      encode("ADDED", object);
    }
  } else {
    const since = Number(requested);
    const replay = Number.isFinite(since) ? store.eventsSince(since) : undefined;
    if (!replay) {
      encode(
        "ERROR",
        gone(`too old resource version: ${requested} (${store.oldestWatchable})`).toStatus(),
      );
      res.end();
      return;
    }
    for (const object of store.list(type, namespace).filter(matches)) {
      if (Number(object.metadata.resourceVersion) <= since) visible.add(object.metadata.uid ?? "");
    }
    for (const event of replay) deliver(event);
  }

  const bookmark = () =>
    encode("BOOKMARK", {
      kind: type.kind,
      apiVersion: groupVersion(type),
      metadata: { resourceVersion: String(store.resourceVersion) },
    });
  const timers: NodeJS.Timeout[] = [];
  const unsubscribe = store.subscribe(deliver);
  const finish = () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  if (options.bookmarks) {
    bookmark();
    timers.push(setInterval(bookmark, options.bookmarkIntervalMs));
  }
  timers.push(setTimeout(finish, options.timeoutSeconds * 1000));
  if (options.endAfterMs !== undefined)
    timers.push(setTimeout(() => res.destroy(), options.endAfterMs));
  res.on("close", finish);
}

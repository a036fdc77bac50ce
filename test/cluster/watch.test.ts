import { Watch } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { eventually, harnessWithNamespace } from "./support.ts";

const h = harnessWithNamespace("watched");

interface Seen {
  type: string;
  name?: string;
  code?: number;
  resourceVersion?: string;
}

async function watchConfigMaps(query: Record<string, string | boolean>, seen: Seen[]) {
  const watch = new Watch(h.kc);
  let ended = false;
  const controller = await watch.watch(
    "/api/v1/namespaces/watched/configmaps",
    query,
    (type, object: { metadata?: { name?: string; resourceVersion?: string }; code?: number }) =>
      seen.push({
        type,
        name: object.metadata?.name,
        code: object.code,
        resourceVersion: object.metadata?.resourceVersion,
      }),
    () => {
      ended = true;
    },
  );
  return { stop: () => controller.abort(), ended: () => ended };
}

describe("watch", () => {
  it("streams ADDED, MODIFIED and DELETED from a list's resourceVersion", async () => {
    const list = await h.core.listNamespacedConfigMap({ namespace: "watched" });
    const seen: Seen[] = [];
    const watch = await watchConfigMaps(
      { resourceVersion: list.metadata?.resourceVersion ?? "" },
      seen,
    );
    await h.core.createNamespacedConfigMap({
      namespace: "watched",
      body: { metadata: { name: "w1" }, data: { a: "1" } },
    });
    await h.core.replaceNamespacedConfigMap({
      name: "w1",
      namespace: "watched",
      body: { metadata: { name: "w1" }, data: { a: "2" } },
    });
    await h.core.deleteNamespacedConfigMap({ name: "w1", namespace: "watched" });
    await eventually(() => seen.length >= 3);
    watch.stop();
    expect(seen.map((s) => `${s.type} ${s.name}`)).toEqual([
      "ADDED w1",
      "MODIFIED w1",
      "DELETED w1",
    ]);
  });

  it("resumes from a resourceVersion, replaying only later changes", async () => {
    const first = await h.core.createNamespacedConfigMap({
      namespace: "watched",
      body: { metadata: { name: "r1" } },
    });
    await h.core.createNamespacedConfigMap({
      namespace: "watched",
      body: { metadata: { name: "r2" } },
    });
    const seen: Seen[] = [];
    const watch = await watchConfigMaps(
      { resourceVersion: first.metadata?.resourceVersion ?? "" },
      seen,
    );
    await eventually(() => seen.length >= 1);
    watch.stop();
    expect(seen.map((s) => `${s.type} ${s.name}`)).toEqual(["ADDED r2"]);
  });

  it("sends bookmarks when asked", async () => {
    const seen: Seen[] = [];
    const watch = await watchConfigMaps({ allowWatchBookmarks: true, resourceVersion: "0" }, seen);
    await eventually(() => seen.some((s) => s.type === "BOOKMARK"));
    watch.stop();
    expect(seen.find((s) => s.type === "BOOKMARK")?.resourceVersion).toMatch(/^\d+$/);
  });

  it("answers a compacted resourceVersion with an ERROR event carrying 410 Expired", async () => {
    const old = await h.core.createNamespacedConfigMap({
      namespace: "watched",
      body: { metadata: { name: "old" } },
    });
    await h.core.createNamespacedConfigMap({
      namespace: "watched",
      body: { metadata: { name: "newer" } },
    });
    h.cluster.compact();
    const seen: Seen[] = [];
    const watch = await watchConfigMaps(
      { resourceVersion: old.metadata?.resourceVersion ?? "" },
      seen,
    );
    await eventually(() => watch.ended());
    expect(seen).toEqual([expect.objectContaining({ type: "ERROR", code: 410 })]);
  });

  it("ends a watch early when a fault says so, so clients must re-watch", async () => {
    const remove = h.cluster.faults.add({
      verb: "watch",
      resource: "configmaps",
      watchEndAfterMs: 30,
      times: 1,
    });
    const seen: Seen[] = [];
    const watch = await watchConfigMaps({ resourceVersion: "0" }, seen);
    await eventually(() => watch.ended());
    remove();
    expect(watch.ended()).toBe(true);
  });
});

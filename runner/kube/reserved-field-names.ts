import type { KubeObject } from "./objects.ts";

/**
 * client-node serializes a built-in kind through its model classes, which name a field called
 * like a JavaScript keyword with a leading underscore (`LimitRangeItem.default` is `_default`)
 * and drop a field given under its JSON name. Manifests are plain Kubernetes JSON, so the one
 * such field the runner writes is renamed to what the serializer turns back into `default`.
 */
export function forClientNodeSerializer<T extends KubeObject>(manifest: T): T {
  if (manifest.kind !== "LimitRange") return manifest;
  const spec = (manifest as { spec?: { limits?: Record<string, unknown>[] } }).spec;
  if (!spec?.limits) return manifest;
  const limits = spec.limits.map(({ default: limit, ...item }) =>
    limit === undefined ? item : { ...item, _default: limit },
  );
  return { ...manifest, spec: { ...spec, limits } };
}

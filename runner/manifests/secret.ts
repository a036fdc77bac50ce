import { createHash } from "node:crypto";
import type { ISecret } from "kubernetes-models/v1";
import type { Named } from "../kube/objects.ts";

export function secretManifest(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  values: Record<string, string>,
): Named<ISecret> {
  const data: Record<string, string> = {};
  for (const key of Object.keys(values).sort()) {
    data[key] = Buffer.from(values[key] ?? "", "utf8").toString("base64");
  }
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace, labels },
    type: "Opaque",
    data,
  };
}

/**
 * A fingerprint of a Secret's content for a pod template annotation, so a changed env rolls
 * the pods. Keyed by the object name so equal values in two Secrets do not look alike.
 */
export function secretChecksum(secret: Named<ISecret>): string {
  return createHash("sha256")
    .update(secret.metadata.name)
    .update(JSON.stringify(secret.data ?? {}))
    .digest("hex")
    .slice(0, 16);
}

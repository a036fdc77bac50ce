import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { LABEL, type Manifest, tenantLabels, tenantNamespace } from "./labels.ts";

const POD_SECURITY = "restricted";

export function namespaceManifest(spec: DeploymentSpec): Manifest {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: tenantNamespace(spec),
      labels: {
        ...tenantLabels(spec),
        [LABEL.organization]: spec.tenant.organizationId,
        [LABEL.plan]: spec.tenant.plan,
        "pod-security.kubernetes.io/enforce": POD_SECURITY,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": POD_SECURITY,
        "pod-security.kubernetes.io/warn": POD_SECURITY,
      },
    },
  };
}

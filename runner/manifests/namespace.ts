import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import { LABEL, type Manifest, tenantLabels, tenantNamespace } from "./labels.ts";
import { podSecurityLabels } from "./security.ts";

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
        ...podSecurityLabels("restricted"),
      },
    },
  };
}

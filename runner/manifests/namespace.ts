import type { INamespace } from "kubernetes-models/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { LABEL, tenantLabels, tenantNamespace } from "./labels.ts";
import { podSecurityLabels } from "./security.ts";

export function namespaceManifest(spec: DeploymentSpec): Named<INamespace> {
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

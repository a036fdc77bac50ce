import type { ILimitRange, IResourceQuota } from "kubernetes-models/v1";
import type { DeploymentSpec } from "../../worker/contracts/index.ts";
import type { Named } from "../kube/objects.ts";
import { containerResources, planOf, tenantLabels, tenantNamespace } from "./labels.ts";

export function resourceQuotaManifest(spec: DeploymentSpec): Named<IResourceQuota> {
  const plan = planOf(spec);
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: {
      name: "tenant-quota",
      namespace: tenantNamespace(spec),
      labels: tenantLabels(spec),
    },
    spec: {
      hard: {
        "requests.cpu": plan.requestsCpu,
        "requests.memory": plan.requestsMemory,
        "limits.cpu": plan.limitsCpu,
        "limits.memory": plan.limitsMemory,
        "requests.storage": plan.requestsStorage,
        pods: String(plan.pods),
        services: String(plan.services),
        secrets: String(plan.secrets),
        configmaps: String(plan.configMaps),
        persistentvolumeclaims: String(plan.persistentVolumeClaims),
      },
    },
  };
}

/** Defaults for containers that state no resources, so the quota never rejects them for that. */
export function limitRangeManifest(spec: DeploymentSpec): Named<ILimitRange> {
  const resources = containerResources(spec);
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: {
      name: "tenant-limits",
      namespace: tenantNamespace(spec),
      labels: tenantLabels(spec),
    },
    spec: {
      limits: [
        {
          type: "Container",
          defaultRequest: resources.requests,
          default: resources.limits,
        },
      ],
    },
  };
}

import {
  type DeploymentSpec,
  planQuota,
  tenantNamespaceName,
} from "../../worker/contracts/index.ts";

/** The one field manager every runner write uses, so applies of the same spec are no-ops. */
export const FIELD_MANAGER = "enclave-runner";
export const MANAGED_BY = "enclave";

export const LABEL = {
  managedBy: "app.kubernetes.io/managed-by",
  name: "app.kubernetes.io/name",
  component: "app.kubernetes.io/component",
  tenant: "enclave.dev/tenant",
  organization: "enclave.dev/organization",
  plan: "enclave.dev/plan",
  deployment: "enclave.dev/deployment",
  service: "enclave.dev/service",
  build: "enclave.dev/build",
} as const;

/** Labels on every object of a tenant; the deployment label says which job wrote it last. */
export function tenantLabels(spec: DeploymentSpec): Record<string, string> {
  return {
    [LABEL.managedBy]: MANAGED_BY,
    [LABEL.tenant]: spec.tenant.id,
    [LABEL.deployment]: spec.deployment.id,
  };
}

/**
 * Labels of a workload's pod template: ownership and tenant, so `-l app.kubernetes.io/managed-by=enclave`
 * finds the pods and ReplicaSets too, but not the deployment id, which would roll the pods on
 * every redeploy even when nothing in them changed.
 */
export function podTemplateLabels(
  spec: DeploymentSpec,
  selector: Record<string, string>,
): Record<string, string> {
  return { [LABEL.managedBy]: MANAGED_BY, [LABEL.tenant]: spec.tenant.id, ...selector };
}

/** Stable pod selector of one workload: never includes the deployment, so redeploys roll in place. */
export function workloadSelector(name: string, component: "app" | "database") {
  return { [LABEL.name]: name, [LABEL.component]: component };
}

export function tenantNamespace(spec: Pick<DeploymentSpec, "tenant">): string {
  return tenantNamespaceName(spec.tenant.id);
}

export function planOf(spec: DeploymentSpec) {
  return planQuota(spec.config, spec.tenant.plan);
}

/** What each tenant container requests and is capped at under the tenant's plan. */
export function containerResources(spec: DeploymentSpec) {
  const plan = planOf(spec);
  return {
    requests: { cpu: plan.containerRequestCpu, memory: plan.containerRequestMemory },
    limits: { cpu: plan.containerLimitCpu, memory: plan.containerLimitMemory },
  };
}

export const TENANT_SERVICE_ACCOUNT = "tenant";

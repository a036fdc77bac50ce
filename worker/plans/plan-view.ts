import type { z } from "@hono/zod-openapi";
import type { PlanSchema } from "../contracts/api/plans.ts";
import type { PlanQuota } from "../contracts/index.ts";

/** What a provider may know of a plan (see `PlanSchema`). */
export function planView(
  name: string,
  plan: PlanQuota,
  defaultPlan: string,
): z.infer<typeof PlanSchema> {
  return {
    name,
    default: name === defaultPlan,
    quota: {
      requestsCpu: plan.requestsCpu,
      requestsMemory: plan.requestsMemory,
      limitsCpu: plan.limitsCpu,
      limitsMemory: plan.limitsMemory,
      requestsStorage: plan.requestsStorage,
      pods: plan.pods,
      services: plan.services,
      secrets: plan.secrets,
      configMaps: plan.configMaps,
      persistentVolumeClaims: plan.persistentVolumeClaims,
    },
    limits: {
      replicas: plan.replicas,
      containerRequestCpu: plan.containerRequestCpu,
      containerRequestMemory: plan.containerRequestMemory,
      containerLimitCpu: plan.containerLimitCpu,
      containerLimitMemory: plan.containerLimitMemory,
      databaseStorage: plan.databaseStorage,
      apiRateLimit: plan.apiRateLimit,
      maxTenants: plan.maxTenants,
      maxConcurrentDeployments: plan.maxConcurrentDeployments,
    },
    tier: {
      dedicatedNodes: Object.keys(plan.nodeSelector).length > 0,
      sandboxedRuntime: plan.runtimeClassName !== undefined,
      priorityScheduling: plan.priorityClassName !== undefined,
    },
    backups: {
      schedule: plan.backupSchedule ?? null,
      retention: plan.backupRetention ?? null,
    },
  };
}

export const adminPlanView = (name: string, plan: PlanQuota, defaultPlan: string) => ({
  name,
  default: name === defaultPlan,
  plan,
});

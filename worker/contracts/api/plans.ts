import { z } from "@hono/zod-openapi";
import { ApiRateLimit, BackupRetention, PlanQuota } from "../index.ts";

const PlanName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/)
  .openapi({
    description: "The plan's name, as tenants and organizations name it",
    example: "pro",
  });

export const PlanNameParams = z.object({ name: PlanName });

/**
 * A plan as a provider sees it: what its tenants get and whether they run apart from others.
 * The tier says what kind of isolation the plan buys, never the cluster's node labels, taints
 * or class names, which are the operator's.
 */
export const PlanSchema = z
  .object({
    name: PlanName,
    default: z.boolean().openapi({ description: "Tenants created without a plan get this one" }),
    quota: z.object({
      requestsCpu: z.string(),
      requestsMemory: z.string(),
      limitsCpu: z.string(),
      limitsMemory: z.string(),
      requestsStorage: z.string(),
      pods: z.number().int(),
      services: z.number().int(),
      secrets: z.number().int(),
      configMaps: z.number().int(),
      persistentVolumeClaims: z.number().int(),
    }),
    limits: z.object({
      replicas: z.number().int(),
      containerRequestCpu: z.string(),
      containerRequestMemory: z.string(),
      containerLimitCpu: z.string(),
      containerLimitMemory: z.string(),
      databaseStorage: z.string(),
      apiRateLimit: ApiRateLimit,
      maxTenants: z.number().int(),
      maxConcurrentDeployments: z.number().int(),
    }),
    tier: z.object({
      dedicatedNodes: z
        .boolean()
        .openapi({ description: "Pods run on nodes set apart for the plan" }),
      sandboxedRuntime: z
        .boolean()
        .openapi({ description: "Pods run in a sandboxed container runtime (gVisor, Kata)" }),
      priorityScheduling: z.boolean().openapi({ description: "Pods are scheduled with priority" }),
    }),
    backups: z.object({
      schedule: z.string().nullable().openapi({ description: "Cron schedule; null: no backups" }),
      retention: BackupRetention.nullable(),
    }),
  })
  .openapi("Plan");

export const PlanListSchema = z.object({ data: z.array(PlanSchema) }).openapi("PlanList");

/** A plan as the operator configures it: every field, the isolation tier included. */
export const AdminPlanSchema = z
  .object({ name: PlanName, default: z.boolean(), plan: PlanQuota })
  .openapi("AdminPlan");

export const AdminPlanListSchema = z
  .object({ data: z.array(AdminPlanSchema) })
  .openapi("AdminPlanList");

export const PlanBody = PlanQuota;

import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { requireOperator } from "../../auth/operator.ts";
import {
  AdminPlanListSchema,
  AdminPlanSchema,
  PlanBody,
  PlanListSchema,
  PlanNameParams,
} from "../../contracts/api/plans.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";

export const listPlans = createRoute({
  method: "get",
  path: "/v1/plans",
  tags: ["plans"],
  operationId: "listPlans",
  summary: "The plans tenants can be on: quotas, limits, isolation tier and backups",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  responses: { 200: jsonContent(PlanListSchema, "Every plan"), ...commonProblems },
});
export type ListPlansRoute = typeof listPlans;

export const adminListPlans = createRoute({
  method: "get",
  path: "/v1/admin/plans",
  tags: ["admin"],
  operationId: "adminListPlans",
  summary: "Every plan with its isolation tier (operator only)",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  responses: { 200: jsonContent(AdminPlanListSchema, "Every plan"), ...commonProblems },
});
export type AdminListPlansRoute = typeof adminListPlans;

export const adminGetPlan = createRoute({
  method: "get",
  path: "/v1/admin/plans/{name}",
  tags: ["admin"],
  operationId: "adminGetPlan",
  summary: "One plan (operator only)",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: { params: PlanNameParams },
  responses: { 200: jsonContent(AdminPlanSchema, "The plan"), ...commonProblems },
});
export type AdminGetPlanRoute = typeof adminGetPlan;

export const adminPutPlan = createRoute({
  method: "put",
  path: "/v1/admin/plans/{name}",
  tags: ["admin"],
  operationId: "adminPutPlan",
  summary: "Create or replace a plan (operator only)",
  description:
    "Stored in the platform configuration's `plans`. Tenants on the plan get the new quota, " +
    "limits and isolation tier with their next deployment.",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: { params: PlanNameParams, body: jsonBody(PlanBody) },
  responses: { 200: jsonContent(AdminPlanSchema, "The plan as stored"), ...commonProblems },
});
export type AdminPutPlanRoute = typeof adminPutPlan;

export const adminDeletePlan = createRoute({
  method: "delete",
  path: "/v1/admin/plans/{name}",
  tags: ["admin"],
  operationId: "adminDeletePlan",
  summary: "Remove a plan no tenant or organization is on (operator only)",
  description: "Refused with 409 for the default plan and for a plan in use.",
  security: [{ operator: [] }],
  middleware: [requireOperator] as const,
  request: { params: PlanNameParams },
  responses: { 204: { description: "Removed" }, ...commonProblems },
});
export type AdminDeletePlanRoute = typeof adminDeletePlan;

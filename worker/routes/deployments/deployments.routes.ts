import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { IdParams } from "../../contracts/api/common.ts";
import { DeploymentSchema } from "../../contracts/api/deployments.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import { redeployResponses } from "../tenants/tenants.routes.ts";

export const listForTenant = createRoute({
  method: "get",
  path: "/v1/tenants/{id}/deployments",
  tags: ["deployments"],
  operationId: "listTenantDeployments",
  summary: "List a tenant's deployments, newest first",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams, query: PageQuery },
  responses: {
    200: jsonContent(pageOf(DeploymentSchema), "A page of deployments"),
    ...commonProblems,
  },
});
export type ListForTenantRoute = typeof listForTenant;

export const getOne = createRoute({
  method: "get",
  path: "/v1/deployments/{id}",
  tags: ["deployments"],
  operationId: "getDeployment",
  summary: "Get a deployment",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { params: IdParams },
  responses: { 200: jsonContent(DeploymentSchema, "The deployment"), ...commonProblems },
});
export type GetOneRoute = typeof getOne;

export const createForTenant = createRoute({
  method: "post",
  path: "/v1/tenants/{id}/deployments",
  tags: ["deployments"],
  operationId: "redeployTenant",
  summary: "Redeploy a tenant",
  description:
    "Starts a deployment of the tenant's current services, database, domains and plan: a new " +
    "commit of a branch is built, changed env reaches the pods, a new plan's quotas are " +
    "applied. A tenant that was ready keeps serving its previous version if the deployment " +
    "fails; a `failed` tenant that never became ready becomes `active` once it succeeds.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: TenantParams },
  responses: redeployResponses("Accepted: the tenant is being redeployed"),
});
export type CreateForTenantRoute = typeof createForTenant;

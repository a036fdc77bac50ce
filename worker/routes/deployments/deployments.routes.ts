import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { IdParams } from "../../contracts/api/common.ts";
import { DeploymentSchema } from "../../contracts/api/deployments.ts";
import { TenantParams } from "../../contracts/api/tenants.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
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

export const rollback = createRoute({
  method: "post",
  path: "/v1/deployments/{id}/rollback",
  tags: ["deployments"],
  operationId: "rollbackToDeployment",
  summary: "Roll a tenant back to an earlier ready deployment, without a build",
  description:
    "Starts a deployment (trigger `rollback`) that runs this earlier ready deployment's image " +
    "digests and service configuration (source, port, health path) again: detect, generate " +
    "and build are skipped. Env values are the tenant's current ones, and its plan, database " +
    "and domains stay as they are. Once it is ready, the tenant's services take the " +
    "rolled-back configuration. Refused (409) for a deployment that is not ready or recorded " +
    "no images, and while another deployment of the tenant is queued or running.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: IdParams },
  responses: {
    ...redeployResponses("Accepted: the tenant is being rolled back"),
    409: problemSpec(
      "The deployment is not ready or recorded no images, a service was added since, the " +
        "tenant is being deleted, or another deployment is in progress",
    ),
  },
});
export type RollbackRoute = typeof rollback;

export const cancel = createRoute({
  method: "post",
  path: "/v1/deployments/{id}/cancel",
  tags: ["deployments"],
  operationId: "cancelDeployment",
  summary: "Cancel a queued or running deployment",
  description:
    "A queued deployment is `cancelled` at once and never starts. A running one is stopped by " +
    "its runner at its next step (it learns it from the answer to its next progress report): " +
    "a running build Job is deleted, a tenant that was ready keeps serving its previous " +
    "version, and a first provision is cleaned up like a failure and leaves the tenant " +
    "`failed` with the reason. The answer shows the deployment as it is then: `cancelled`, or " +
    "still `running` until the runner reports `deployment.cancelled`.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: IdParams },
  responses: {
    202: jsonContent(DeploymentSchema, "Accepted: cancelled, or the runner is stopping it"),
    ...commonProblems,
    409: problemSpec("The deployment has finished, or it is a deletion"),
  },
});
export type CancelRoute = typeof cancel;

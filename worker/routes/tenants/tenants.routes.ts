import { createRoute } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import {
  CreateTenantBody,
  DryRunQuery,
  TenantDryRunSchema,
  TenantListQuery,
  TenantOperationSchema,
  TenantParams,
  TenantSchema,
  UpdateTenantBody,
} from "../../contracts/api/tenants.ts";
import { commonProblems, idempotencyProblems, problemSpec } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import { tenantViewWithKey } from "../../tenants/find-tenant.ts";
import { answerDryRun } from "./dry-run.ts";

/** The answers of every route that starts a redeploy of the tenant. */
export const redeployResponses = (accepted: string) => ({
  202: jsonContent(TenantOperationSchema, accepted),
  ...commonProblems,
  ...idempotencyProblems,
  409: problemSpec(
    "The tenant is being deleted or is suspended, or another deployment is in progress",
  ),
  503: problemSpec("The deployment job could not be queued"),
});

export const create = createRoute({
  method: "post",
  path: "/v1/tenants",
  tags: ["tenants"],
  operationId: "createTenant",
  summary: "Create a tenant and queue its provisioning",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), answerDryRun, idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, query: DryRunQuery, body: jsonBody(CreateTenantBody) },
  responses: {
    200: jsonContent(TenantDryRunSchema, "Dry run: what would be created; nothing was"),
    202: jsonContent(TenantOperationSchema, "Accepted: the tenant is being provisioned"),
    ...commonProblems,
    ...idempotencyProblems,
    503: problemSpec("The provisioning job could not be queued"),
  },
});
export type CreateRoute = typeof create;

export const list = createRoute({
  method: "get",
  path: "/v1/tenants",
  tags: ["tenants"],
  operationId: "listTenants",
  summary: "List tenants, newest first",
  security: [{ provider: ["read"] }],
  middleware: [requireProvider("read")] as const,
  request: { query: PageQuery.extend(TenantListQuery.shape) },
  responses: { 200: jsonContent(pageOf(TenantSchema), "A page of tenants"), ...commonProblems },
});
export type ListRoute = typeof list;

export const getOne = createRoute({
  method: "get",
  path: "/v1/tenants/{id}",
  tags: ["tenants"],
  operationId: "getTenant",
  summary: "Get a tenant",
  security: [{ provider: ["read"] }],
  // The most frequent request: an API key's lookup carries the tenant's reads.
  middleware: [requireProvider("read", (c) => tenantViewWithKey(c.req.param("id") ?? ""))] as const,
  request: { params: TenantParams },
  responses: { 200: jsonContent(TenantSchema, "The tenant"), ...commonProblems },
});
export type GetOneRoute = typeof getOne;

export const patch = createRoute({
  method: "patch",
  path: "/v1/tenants/{id}",
  tags: ["tenants"],
  operationId: "updateTenant",
  summary: "Change a tenant's name, plan or labels",
  description:
    "A name or labels change answers 200 with the tenant. A plan change (tenant `active` or " +
    "`failed`) also starts a deployment that applies the plan's quotas to the cluster, and " +
    "answers 202 with the tenant, the deployment and its progress streams; it is refused with " +
    "409 while another deployment of the tenant is queued or running.",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, params: TenantParams, body: jsonBody(UpdateTenantBody) },
  responses: {
    200: jsonContent(TenantSchema, "The updated tenant (name or labels only)"),
    ...redeployResponses("Accepted: the new plan is being deployed"),
  },
});
export type PatchRoute = typeof patch;

export const remove = createRoute({
  method: "delete",
  path: "/v1/tenants/{id}",
  tags: ["tenants"],
  operationId: "deleteTenant",
  summary: "Delete a tenant: queue its deprovisioning",
  security: [{ provider: ["write"] }],
  middleware: [requireProvider("write")] as const,
  request: { params: TenantParams },
  responses: {
    202: jsonContent(TenantOperationSchema, "Accepted: the tenant is being deleted"),
    ...commonProblems,
    409: problemSpec("The tenant is already being deleted"),
    503: problemSpec("The deprovisioning job could not be queued"),
  },
});
export type RemoveRoute = typeof remove;

import { createRoute, z } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { commonProblems, idempotencyProblems, problemSpec } from "../../errors/schemas.ts";
import { IdempotencyHeaders, jsonBody, jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { idempotentPerOrganization } from "../../middleware/idempotency.ts";
import {
  CreateTenantBody,
  TenantListQuery,
  TenantOperationSchema,
  TenantSchema,
  UpdateTenantBody,
} from "./tenants.schemas.ts";

const TenantParams = z.object({ id: z.string().max(64) });

export const create = createRoute({
  method: "post",
  path: "/v1/tenants",
  tags: ["tenants"],
  summary: "Create a tenant and queue its provisioning",
  security: [{ provider: [] }],
  middleware: [requireProvider("write"), idempotentPerOrganization] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateTenantBody) },
  responses: {
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
  summary: "List tenants, newest first",
  security: [{ provider: [] }],
  middleware: [requireProvider("read")] as const,
  request: { query: PageQuery.extend(TenantListQuery.shape) },
  responses: { 200: jsonContent(pageOf(TenantSchema), "A page of tenants"), ...commonProblems },
});
export type ListRoute = typeof list;

export const getOne = createRoute({
  method: "get",
  path: "/v1/tenants/{id}",
  tags: ["tenants"],
  summary: "Get a tenant",
  security: [{ provider: [] }],
  middleware: [requireProvider("read")] as const,
  request: { params: TenantParams },
  responses: { 200: jsonContent(TenantSchema, "The tenant"), ...commonProblems },
});
export type GetOneRoute = typeof getOne;

export const patch = createRoute({
  method: "patch",
  path: "/v1/tenants/{id}",
  tags: ["tenants"],
  summary: "Change a tenant's name, plan or labels",
  security: [{ provider: [] }],
  middleware: [requireProvider("write")] as const,
  request: { params: TenantParams, body: jsonBody(UpdateTenantBody) },
  responses: {
    200: jsonContent(TenantSchema, "The updated tenant"),
    ...commonProblems,
    409: problemSpec("The tenant is being deleted"),
  },
});
export type PatchRoute = typeof patch;

export const remove = createRoute({
  method: "delete",
  path: "/v1/tenants/{id}",
  tags: ["tenants"],
  summary: "Delete a tenant: queue its deprovisioning",
  security: [{ provider: [] }],
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

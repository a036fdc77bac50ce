import { createRoute, z } from "@hono/zod-openapi";
import { requireProvider } from "../../auth/authenticate.ts";
import { commonProblems } from "../../errors/schemas.ts";
import { jsonContent } from "../../lib/openapi.ts";
import { PageQuery, pageOf } from "../../lib/pagination.ts";
import { DeploymentSchema } from "./deployments.schemas.ts";

export const listForTenant = createRoute({
  method: "get",
  path: "/v1/tenants/{id}/deployments",
  tags: ["deployments"],
  summary: "List a tenant's deployments, newest first",
  security: [{ provider: [] }],
  middleware: [requireProvider("read")] as const,
  request: { params: z.object({ id: z.string().max(64) }), query: PageQuery },
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
  summary: "Get a deployment",
  security: [{ provider: [] }],
  middleware: [requireProvider("read")] as const,
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: jsonContent(DeploymentSchema, "The deployment"), ...commonProblems },
});
export type GetOneRoute = typeof getOne;
